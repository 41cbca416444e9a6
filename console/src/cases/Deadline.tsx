import { Typography } from 'antd';
import { deadlineCountdown } from '../ui/time';

export function Deadline({ dueAt, state, overdue }: { dueAt: string; state: string; overdue: boolean }) {
  const c = deadlineCountdown(dueAt, state, new Date(), overdue);
  return (
    <Typography.Text type={c.overdue ? 'danger' : c.soon ? 'warning' : undefined} strong={c.overdue} data-testid="deadline">
      {c.text}
    </Typography.Text>
  );
}
