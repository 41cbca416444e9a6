import { Link } from 'react-router-dom';
import { useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Empty, Notice, Spinner, Tag } from '../light/ui';
import { CASE_KIND, label } from '../ui/labels';
import { useTransport } from './context';
import { MyCases } from './operations';
import { CASE_STATUS, cnDate } from './words';

/** My cases, newest first; a case waiting for my rating says so. */
export default function CasesPage() {
  const q = useQuery(useTransport(), MyCases);
  const cases = q.data?.me?.cases?.edges.map((e) => e.node) ?? [];
  return (
    <>
      <Link to="/cases/new" className="lx-btn lx-btn-primary lx-btn-block" style={{ textAlign: 'center', textDecoration: 'none', marginBottom: 12, lineHeight: '24px' }} data-testid="new-case">
        ＋ 我要提诉求
      </Link>
      <Card title="我的诉求">
        {q.error && <Notice kind="error">{lightMessage(q.error)}</Notice>}
        {q.loading && !q.data ? (
          <Spinner />
        ) : !cases.length ? (
          <Empty>您还没有提过诉求。遇到难事、有想法，都可以在这里告诉工会。</Empty>
        ) : (
          <ul className="lx-list">
            {cases.map((c) => (
              <li key={c.id} data-testid="case-row">
                <Link to={`/cases/${c.id}`} style={{ color: 'inherit', textDecoration: 'none', display: 'block' }}>
                  <div className="lx-row">
                    <strong className="lx-grow">{label(CASE_KIND, c.kind)}</strong>
                    {c.allowedActions.includes('RATE') ? <Tag tone="warn">请评价</Tag> : <Tag tone={c.state === 'CLOSED' ? undefined : 'blue'}>{CASE_STATUS[c.state] ?? c.state}</Tag>}
                  </div>
                  <div className="lx-muted">
                    {cnDate(c.raisedAt)} 提交 · 编号 {c.number}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
