import { useState } from 'react';
import { useMutation } from '@apollo/client';
import { Alert, App, Button, Card, Space, Tag, Timeline, Typography } from 'antd';
import type { ProgrammeDetailFragment } from '../../gql/graphql';
import { errorMessage, RECORD_MESSAGES } from '../../ui/errors';
import { formatDateTime } from '../../ui/time';
import { SetProgrammeRules } from './operations';
import { RuleEditor } from './RuleEditor';
import { describeRule, diffRules, fromDocument, ruleProblems, toDocument, type Rule } from './rules';
import { useProgrammeNames } from './useProgrammeNames';

const CHANGE = { added: { text: '新增', color: 'green' }, removed: { text: '删除', color: 'red' }, changed: { text: '修改', color: 'blue' } } as const;

/** The rules now, as sentences; an editor for a new version; every version with what changed from the one before. */
export function RulesPanel({ programme, editable }: { programme: ProgrammeDetailFragment; editable: boolean }) {
  const { message } = App.useApp();
  const current = fromDocument(programme.rules);
  const history = (programme.ruleHistory ?? []).map((v) => ({ ...v, rules: fromDocument(v.rules) }));
  const name = useProgrammeNames([current, ...history.map((v) => v.rules)]);
  const [draft, setDraft] = useState<Rule[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [save, { loading }] = useMutation(SetProgrammeRules);
  const submit = async () => {
    const found = ruleProblems(draft ?? []);
    setProblems(found);
    if (found.length) return;
    try {
      const r = await save({ variables: { id: programme.id, rules: toDocument(draft ?? []) as never }, errorPolicy: 'none' });
      if (!r.data?.setProgrammeRules) throw r;
      message.success(`已保存为第 ${r.data.setProgrammeRules.rulesVersion} 版条件，之后的资格判断都按新条件。`);
      setDraft(null);
    } catch (err) {
      setProblems([errorMessage(err, RECORD_MESSAGES)]);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={`现行条件（第 ${programme.rulesVersion} 版）`}
        extra={editable && !draft && programme.state !== 'CLOSED' ? <Button onClick={() => { setDraft(current); setProblems([]); }} data-testid="edit-rules">修改条件</Button> : null}
      >
        {draft ? (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <RuleEditor value={draft} onChange={setDraft} programmeId={programme.id} />
            {problems.length > 0 && <Alert type="error" showIcon message="还不能保存" description={<ul style={{ margin: 0, paddingLeft: 20 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} data-testid="rules-problems" />}
            <Space>
              <Button type="primary" loading={loading} onClick={() => void submit()} data-testid="save-rules">保存为第 {programme.rulesVersion + 1} 版</Button>
              <Button onClick={() => setDraft(null)}>取消</Button>
            </Space>
            <Typography.Text type="secondary">改条件不会改变已经发出的券和已批准的申请；之前的版本都会留档。</Typography.Text>
          </Space>
        ) : (
          <>
            <Typography.Paragraph>符合以下全部条件的会员可以参加：</Typography.Paragraph>
            <ol data-testid="current-rules" style={{ paddingLeft: 24 }}>
              {current.length ? current.map((r, i) => <li key={i}>{describeRule(r, name)}</li>) : <li>会籍正常（没有另设条件）</li>}
            </ol>
            <Typography.Text type="secondary">另外，会员所在工会要在本项目覆盖的范围内，项目要在进行中。</Typography.Text>
          </>
        )}
      </Card>
      <Card size="small" title="版本记录">
        <Timeline
          data-testid="rule-history"
          items={[...history].reverse().map((v) => {
            const before = history.find((h) => h.version === v.version - 1);
            const changes = before ? diffRules(before.rules, v.rules, name) : [];
            return {
              color: v.version === programme.rulesVersion ? 'green' : 'gray',
              children: (
                <div data-testid={`rule-version-${v.version}`}>
                  <Typography.Text strong>第 {v.version} 版</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{formatDateTime(v.createdAt)}{v.version === programme.rulesVersion ? '（现行）' : ''}</Typography.Text>
                  {!before ? (
                    <div>建立项目时的条件：{v.rules.length ? v.rules.map((r) => describeRule(r, name)).join('；') : '没有另设条件'}</div>
                  ) : changes.length === 0 ? (
                    <div>条件没有变化</div>
                  ) : (
                    changes.map((c, i) => (
                      <div key={i}>
                        <Tag color={CHANGE[c.kind].color}>{CHANGE[c.kind].text}</Tag>
                        {c.title}：{c.kind === 'changed' ? `由“${c.before}”改为“${c.after}”` : (c.after ?? c.before)}
                      </div>
                    ))
                  )}
                </div>
              ),
            };
          })}
        />
      </Card>
    </Space>
  );
}
