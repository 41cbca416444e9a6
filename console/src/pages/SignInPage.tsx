import { useEffect, useState } from 'react';
import { useApolloClient } from '@apollo/client';
import { Alert, Button, Card, List, Typography, Spin } from 'antd';
import { useNavigate } from 'react-router-dom';
import { consoleSettings, demoIdentities, devToken, type ConsoleSettings, type DemoIdentity } from '../auth/identities';
import { beginSignIn } from '../auth/pkce';
import { saveSession, signOut, takeNotice } from '../auth/session';

export function SignInPage() {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [notice] = useState(() => takeNotice());
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [identities, setIdentities] = useState<DemoIdentity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);

  useEffect(() => {
    void (async () => {
      try {
        const s = await consoleSettings();
        setSettings(s);
        if (s.devSignIn) setIdentities(await demoIdentities(client, await devToken({ role: 'admin' })));
      } catch (e) {
        setError((e as Error).message || '无法连接服务器');
      }
    })();
  }, [client]);

  const choose = async (id: DemoIdentity) => {
    signOut();
    await client.clearStore();
    saveSession(await devToken(id.claims), id.title);
    navigate('/');
  };

  /** To the identity provider; if it cannot be reached, say so here instead of doing nothing. */
  const oidcSignIn = async (oidc: NonNullable<ConsoleSettings['oidc']>) => {
    setError(null);
    setRedirecting(true);
    try {
      signOut();
      await client.clearStore();
      await beginSignIn(oidc);
    } catch (e) {
      setRedirecting(false);
      setError((e as Error).message || '无法转到统一身份认证，请稍后重试。');
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', display: 'flex', justifyContent: 'center', alignItems: 'flex-start', paddingTop: 64 }}>
      <Card style={{ width: 560 }} title={<span style={{ fontSize: 20 }}>连心桥 · 工会工作台 登录</span>}>
        {notice && <Alert type="warning" showIcon message={notice} style={{ marginBottom: 16 }} data-testid="notice" />}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        {!settings && !error && <Spin />}
        {settings?.oidc && (
          <Button type="primary" size="large" block loading={redirecting} onClick={() => void oidcSignIn(settings.oidc!)} style={{ marginBottom: 16 }} data-testid="oidc-signin">
            通过统一身份认证登录
          </Button>
        )}
        {settings?.devSignIn && (
          <>
            <Typography.Paragraph type="secondary">演示环境：选择一个身份直接登录（正式环境没有此项）。</Typography.Paragraph>
            {!identities ? (
              <Spin />
            ) : (
              <List
                bordered
                dataSource={identities}
                renderItem={(id) => (
                  <List.Item actions={[<Button key="go" type="link" onClick={() => void choose(id)} aria-label={`以${id.title}登录`}>登录</Button>]} data-testid={`identity-${id.key}`}>
                    <List.Item.Meta title={id.title} description={id.detail} />
                  </List.Item>
                )}
              />
            )}
          </>
        )}
        {settings && !settings.oidc && !settings.devSignIn && <Alert type="info" message="尚未配置统一身份认证，请联系管理员。" />}
      </Card>
    </div>
  );
}
