import { Progress, Typography } from 'antd';
import { formatYuan, share } from '../../ui/money';

/** A batch's budget as a bar: spent against budget, and what is left in yuan. */
export function BudgetBar({ spent, budget, compact }: { spent: number; budget: number; compact?: boolean }) {
  const pct = share(spent, budget);
  const left = budget - spent;
  return (
    <div data-testid="budget-bar">
      <Progress percent={pct} size={compact ? 'small' : 'default'} strokeColor={pct >= 90 ? '#cf1322' : '#c8161d'} format={() => `${pct}%`} />
      <Typography.Text type="secondary" style={compact ? { fontSize: 12 } : undefined}>
        已花 {formatYuan(spent)} / 预算 {formatYuan(budget)}，还剩 <span data-testid="budget-left">{formatYuan(left)}</span>
      </Typography.Text>
    </div>
  );
}
