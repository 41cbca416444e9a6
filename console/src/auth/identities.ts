import type { ApolloClient } from '@apollo/client';

/** Demo identities for the dev sign-in page, read from whatever data the graph holds. */
export interface DemoIdentity {
  key: string;
  title: string;
  detail: string;
  claims: { role: string; org?: string; mid?: string; pid?: string; perms?: string[] };
}

export async function demoIdentities(client: ApolloClient<unknown>, adminToken: string): Promise<DemoIdentity[]> {
  // On demand: the sign-in page is in the main bundle, and the typed documents come with every
  // other operation of the console (graphql()'s map), which the main bundle should not carry.
  const { DemoOrgs, DemoOthers } = await import('./demo-queries');
  const context = { token: adminToken };
  const { data } = await client.query({ query: DemoOrgs, context, fetchPolicy: 'network-only' });
  const city = data?.city?.[0];
  const [d1, d2] = data?.districts ?? [];
  const street = d1?.children[0];
  const enterprise = street?.children[0];
  const others = await client.query({ query: DemoOthers, variables: { orgId: enterprise?.id }, context, fetchPolicy: 'network-only' });
  const member = others.data?.members?.edges[0]?.node;
  const partner = others.data?.partners?.edges[0]?.node;
  const list: (DemoIdentity | false | undefined)[] = [
    { key: 'admin', title: '系统管理员', detail: '全市所有数据，可查看完整身份证号和手机号', claims: { role: 'admin' } },
    city && { key: 'city', title: `${city.name} 工作人员`, detail: '市级', claims: { role: 'staff', org: city.id } },
    d1 && { key: 'd1', title: `${d1.name} 工作人员`, detail: '区县级', claims: { role: 'staff', org: d1.id } },
    d1 && { key: 'd1-pii', title: `${d1.name} 工作人员（可查看个人信息）`, detail: '区县级，持有 pii:read 权限，查看将记入审计', claims: { role: 'staff', org: d1.id, perms: ['pii:read'] } },
    d2 && { key: 'd2', title: `${d2.name} 工作人员`, detail: '区县级', claims: { role: 'staff', org: d2.id } },
    street && { key: 's1', title: `${street.name} 工作人员`, detail: '街道级', claims: { role: 'staff', org: street.id } },
    enterprise && { key: 'e1', title: `${enterprise.name} 工作人员`, detail: '基层工会', claims: { role: 'staff', org: enterprise.id } },
    member && { key: 'member', title: `会员 ${member.name}`, detail: '职工本人', claims: { role: 'member', mid: member.id } },
    partner && { key: 'partner', title: `合作场馆 ${partner.name}`, detail: '合作商家前台', claims: { role: 'partner', pid: partner.id } },
  ];
  return list.filter((x): x is DemoIdentity => !!x);
}

export async function devToken(claims: DemoIdentity['claims']): Promise<string> {
  const r = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) });
  if (!r.ok) throw new Error('演示登录不可用');
  return ((await r.json()) as { token: string }).token;
}

export interface ConsoleSettings {
  devSignIn: boolean;
  oidc: { issuer: string; clientId: string; redirectUri?: string | null; scope: string } | null;
}

export async function consoleSettings(): Promise<ConsoleSettings> {
  const r = await fetch('/console/config.json');
  if (!r.ok) throw new Error('无法读取登录设置');
  return (await r.json()) as ConsoleSettings;
}
