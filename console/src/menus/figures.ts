/** Pure helpers of the service menu page: words, and the chart of orders per item or 部室. */

/** Kinds a menu item may take: those the menu's own union signs off (县总签单). */
export const MENU_KINDS = ['MICRO_WISH', 'EDUCATION_AID', 'GRASSROOTS_BUILDING', 'CARE_POST', 'SUGGESTION', 'OTHER'] as const;

export const MENU_STATE: Record<string, string> = { DRAFT: '草稿', PUBLISHED: '已发布' };

/** The board's columns, in the order an order moves: 点单 → 部室接单 → 办理 → 办结 → 县总签单 → 销账. */
export const BOARD_STATES: { key: string; label: string }[] = [
  { key: 'REGISTERED', label: '待接单' },
  { key: 'ACCEPTED', label: '已接单' },
  { key: 'IN_PROGRESS', label: '办理中' },
  { key: 'RESOLVED', label: '待签单' },
  { key: 'SIGNED_OFF', label: '已签单' },
  { key: 'CLOSED', label: '已销账' },
  { key: 'DECLINED', label: '不予受理' },
];

/** What is left of an item: `剩 12 / 40`, `不限量`, or `已满`. */
export function remaining(quantity: number | null | undefined, ordered: number): string {
  if (quantity === null || quantity === undefined) return '不限量';
  return ordered >= quantity ? '已满' : `剩 ${quantity - ordered} / ${quantity}`;
}

export interface Bar {
  name: string;
  ordered?: number;
  accepted: number;
  signedOff: number;
}

/** Ordered, taken and signed off per item (or per 部室, without ordered), most ordered first. */
export function ordersOption(rows: Bar[]) {
  const shown = [...rows].sort((a, b) => (b.ordered ?? b.accepted) - (a.ordered ?? a.accepted) || a.name.localeCompare(b.name, 'zh-CN'));
  const series = [
    ...(shown.some((r) => r.ordered !== undefined) ? [{ name: '点单', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.ordered ?? 0) }] : []),
    { name: '部室接单', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.accepted) },
    { name: '县总签单', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.signedOff) },
  ];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: shown.length > 5 ? 90 : 40 },
    xAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { interval: 0, rotate: shown.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}
