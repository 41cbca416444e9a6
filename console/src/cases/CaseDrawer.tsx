import { useQuery } from '@apollo/client';
import { Alert, Descriptions, Drawer, Tag, Timeline, Typography } from 'antd';
import { CaseDrawerQuery } from './operations';
import { CaseActions } from './CaseActions';
import { Deadline } from './Deadline';
import { ErrorState, Loading, NotFound } from '../ui/States';
import { ACTOR_ROLE, AID_STATE_COLOR, aidStateLabel, CASE_ACTION, CASE_CHANNEL, CASE_KIND, CASE_STATE, CASE_STATE_COLOR, DECLINE_REASON, PROGRAMME_KIND, RATING, URGENCY, label } from '../ui/labels';
import { formatYuan } from '../ui/money';
import { formatDateTime } from '../ui/time';

export function CaseDrawer({ id, under, onClose }: { id: string; under?: string; onClose: () => void }) {
  const { data, loading, error, refetch } = useQuery(CaseDrawerQuery, { variables: { id }, fetchPolicy: 'network-only', notifyOnNetworkStatusChange: true });
  const c = data?.case;
  const ledger = data?.verifyLedger;
  return (
    <Drawer open width={720} onClose={onClose} title={c ? `诉求 ${c.number}` : '诉求详情'} destroyOnClose data-testid="case-drawer">
      {loading && !data && <Loading />}
      {error && !c && <ErrorState error={error} retry={() => void refetch()} />}
      {!loading && !error && !c && <NotFound what="诉求" />}
      {!loading && data && !c && error === undefined && null}
      {c && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={CASE_STATE_COLOR[c.state]} data-testid="case-state">{label(CASE_STATE, c.state)}</Tag>
              {c.supervised && <Tag color="red">督办</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="办理时限"><Deadline dueAt={c.dueAt} state={c.state} overdue={c.overdue} /></Descriptions.Item>
            <Descriptions.Item label="类别">{label(CASE_KIND, c.kind)}</Descriptions.Item>
            <Descriptions.Item label="渠道">{label(CASE_CHANNEL, c.channel)}</Descriptions.Item>
            <Descriptions.Item label="紧急程度">{label(URGENCY, c.urgency)}</Descriptions.Item>
            <Descriptions.Item label="登记时间">{formatDateTime(c.raisedAt)}</Descriptions.Item>
            <Descriptions.Item label="登记单位">{c.raisedOrg.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="承办单位"><span data-testid="handling-org">{c.handlingOrg.name ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label="职工">
              <span data-testid="case-worker">
                {c.anonymous ? '匿名' : c.member ? `${c.member.name}（${c.member.phone}）` : c.worker ? `${c.worker.name}（非会员，${c.worker.phone ?? '—'}）` : '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="负责人">{c.responsible ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="诉求内容" span={2}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.description}</Typography.Paragraph></Descriptions.Item>
            {c.resolution && <Descriptions.Item label="办理结果" span={2}>{c.resolution}</Descriptions.Item>}
            {c.declineReason && <Descriptions.Item label="不予受理原因" span={2}>{label(DECLINE_REASON, c.declineReason)}</Descriptions.Item>}
            {c.referrals.map((r, i) => (
              <Descriptions.Item key={i} label="转交外部机构" span={2}>
                <span data-testid="case-referral">
                  {r.agency}，请于 {r.dueOn} 前答复。{r.answer ? `答复：${r.answer}` : '尚未答复。'}
                </span>
              </Descriptions.Item>
            ))}
            {c.aidApplication && (
              <Descriptions.Item label="救助申请" span={2}>
                <span data-testid="case-aid">
                  {label(PROGRAMME_KIND, c.aidApplication.kind)}：<Tag color={AID_STATE_COLOR[c.aidApplication.state]}>{aidStateLabel(c.aidApplication.kind, c.aidApplication.state)}</Tag>
                  {c.aidApplication.amountCents != null && `批准金额 ${formatYuan(c.aidApplication.amountCents)}`}
                </span>
              </Descriptions.Item>
            )}
            {c.rating && <Descriptions.Item label="职工评价" span={2}><span data-testid="case-rating">{label(RATING, c.rating)}</span>{c.ratingComment ? `：${c.ratingComment}` : ''}</Descriptions.Item>}
          </Descriptions>
          <div style={{ margin: '16px 0' }}>
            <Typography.Title level={5}>办理</Typography.Title>
            <CaseActions allowed={c.allowedActions} caseId={c.id} version={c.version} under={under} handlingOrgId={c.handlingOrg.id} upTargets={c.passUpTargets} onReload={() => void refetch()} />
          </div>
          <Typography.Title level={5}>办理记录（台账）</Typography.Title>
          {ledger && (
            <Alert
              data-testid="ledger-check"
              type={ledger.ok ? 'success' : 'error'}
              showIcon
              style={{ marginBottom: 16 }}
              message={ledger.ok ? `台账校验通过：${ledger.eventsChecked} 条记录环环相扣，未被改动。` : `台账校验发现问题：第 ${ledger.firstBreak?.seq} 条记录（${ledger.firstBreak?.problem}）。请联系管理员。`}
            />
          )}
          <Timeline
            data-testid="ledger"
            items={c.events.map((e) => ({
              key: e.seq,
              color: e.action === 'SUPERVISE' || e.action === 'ESCALATE' ? 'red' : 'blue',
              children: (
                <div data-testid="ledger-entry">
                  <b>{label(CASE_ACTION, e.action)}</b>　{e.fromState ? `${label(CASE_STATE, e.fromState)} → ` : ''}{label(CASE_STATE, e.toState)}
                  <div style={{ color: '#666', fontSize: 12 }}>
                    {formatDateTime(e.at)} · {e.actorOrg?.name ? `${e.actorOrg.name} ${label(ACTOR_ROLE, e.actorRole)}` : label(ACTOR_ROLE, e.actorRole)}
                  </div>
                  {e.note && <div>{e.note}</div>}
                </div>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
