import { formatYuan } from './money';

/**
 * What a cadre reads when something goes wrong: the API's stable `extensions.code`,
 * in plain Chinese, saying what happened and what to do. Pure: unit-tested.
 */
export const ERROR_MESSAGES: Record<string, string> = {
  CONFLICT: '这件诉求刚被别人处理过，页面已刷新为最新情况，请看一眼再操作。',
  INVALID_STATE: '诉求当前的状态不能做这一步，页面已刷新为最新情况。',
  NOT_FOUND: '没有找到：它不存在，或不在您单位的管辖范围内。',
  FORBIDDEN: '您的账号没有这项权限。如确需办理，请联系上级工会管理员开通。',
  UNAUTHENTICATED: '登录已过期或无效，请重新登录。',
  BAD_USER_INPUT: '填写的内容有误，请按提示修改后再提交。',
  DUPLICATE: '这条记录已经存在，不必重复提交。',
  SERVICE_UNAVAILABLE: '有一项后台服务暂时连不上，部分内容缺失，请稍后刷新。',
  SUBGRAPH_UNAVAILABLE: '有一项后台服务没有响应，页面上部分内容缺失，请稍后刷新。',
  REQUEST_TIMEOUT: '查询用时太长，请缩小范围后再试。',
  QUERY_TOO_COMPLEX: '一次要的数据太多，请缩小范围后再试。',
  QUERY_TOO_DEEP: '一次要的数据太多，请缩小范围后再试。',
  TOO_MANY_ALIASES: '一次要的数据太多，请缩小范围后再试。',
  REQUEST_TOO_LARGE: '提交的内容太长，请精简后再试。',
  INTERNAL_SERVER_ERROR: '系统出了点问题，已经记录下来。请稍后再试；多次出现请联系技术支持。',
  NETWORK: '连不上服务器，请检查网络后重试。',
  BUDGET_EXCEEDED: '预算不够，这次没有记下任何内容。请改小金额，或请上级追加预算。',
  QUOTA_EXHAUSTED: '名额已经用完了，这次没有办成。可以请上级工会追加名额。',
  NOT_ELIGIBLE: '这位会员现在不符合条件，可以在项目的“资格查询”里看具体原因。',
  LIMIT_REACHED: '这位会员本期的次数已经用完了。',
  FILE_TYPE: '只能上传 Excel 表格（.xlsx）或 CSV 文件；老版本的 .xls 请先另存为 .xlsx。',
  FILE_TOO_LARGE: '文件太大了（超过 10 MB），请分成几个文件分别上传。',
  FILE_EMPTY: '文件里没有会员信息，请按模板每行填一人后再上传。',
  FILE_COLUMNS: '表头不对：第一行须是 姓名、性别、出生日期、身份证号、手机号、用工类型、企业工会编码。请下载模板对照修改。',
  FILE_UNREADABLE: '这个文件打不开：不是有效的 Excel 表格或 UTF-8 编码的 CSV。请在 Excel/WPS 中另存为 .xlsx 后再上传。',
  FILE_HAS_FORMULAS: '表格里有公式。请复制整张表，用“选择性粘贴 → 数值”粘贴后再上传。',
  FILE_TOO_MANY_ROWS: '一次最多导入 60,000 人，请把花名册分成几个文件分别上传。',
  FILE_MISSING: '没有收到文件，请重新选择文件上传。',
  LINK_EXPIRED: '下载链接已过期，请重新点击下载。',
};

/**
 * The same codes said about something other than a case (a programme, an aid application,
 * a partner): pass as `overrides` to errorMessage.
 */
export const RECORD_MESSAGES: Record<string, string> = {
  CONFLICT: '刚被别人改过，页面已刷新为最新情况，请看一眼再操作。',
  INVALID_STATE: '它现在的状态不能做这一步（可能已被别人办过），页面已刷新为最新情况。',
};

export const FALLBACK_MESSAGE = '操作没有成功，请稍后再试。';

export interface ApiErrorLike {
  message?: string;
  extensions?: { code?: unknown } | null;
}

export function errorCode(err: unknown): string | undefined {
  const e = err as { graphQLErrors?: ApiErrorLike[]; networkError?: unknown; errors?: ApiErrorLike[]; extensions?: { code?: unknown } } | null;
  if (!e) return undefined;
  const list = e.graphQLErrors?.length ? e.graphQLErrors : e.errors;
  const code = list?.find((x) => typeof x.extensions?.code === 'string')?.extensions?.code ?? e.extensions?.code;
  if (typeof code === 'string') return code;
  if (e.networkError) {
    const result = (e.networkError as { result?: { errors?: ApiErrorLike[] } }).result;
    const c = result?.errors?.find((x) => typeof x.extensions?.code === 'string')?.extensions?.code;
    return typeof c === 'string' ? c : 'NETWORK';
  }
  return undefined;
}

/**
 * The sentence to show. A BAD_USER_INPUT keeps the API's own explanation after ours, since
 * it says which field is wrong (the API writes it for people).
 */
/** The `extensions` of the error that carries the code (empty when there is none). */
export function errorExtensions(err: unknown): Record<string, unknown> {
  const e = err as { graphQLErrors?: ApiErrorLike[]; errors?: ApiErrorLike[]; extensions?: Record<string, unknown> } | null;
  const list = e?.graphQLErrors?.length ? e.graphQLErrors : e?.errors;
  return (list?.find((x) => typeof x.extensions?.code === 'string')?.extensions as Record<string, unknown> | undefined) ?? e?.extensions ?? {};
}

export function errorMessage(err: unknown, overrides: Record<string, string> = {}): string {
  const code = errorCode(err);
  if (code === 'BUDGET_EXCEEDED') {
    const left = errorExtensions(err).remainingCents;
    // What is left, in yuan: the cadre lowers the amount to fit.
    if (typeof left === 'number') return `预算不够：只剩 ${formatYuan(left)}。这次没有记下任何内容，请改小金额，或请上级追加预算。`;
  }
  const base = (code && (overrides[code] ?? ERROR_MESSAGES[code])) || FALLBACK_MESSAGE;
  if (code === 'BAD_USER_INPUT' || code === 'DUPLICATE') {
    const e = err as { graphQLErrors?: ApiErrorLike[]; errors?: ApiErrorLike[] };
    const detail = (e.graphQLErrors ?? e.errors ?? []).map((x) => x.message).filter(Boolean)[0];
    if (detail) return `${base}（${detail}）`;
  }
  return base;
}

/** After these, the page should load the thing again: someone else moved it. */
export const RELOAD_CODES = new Set(['CONFLICT', 'INVALID_STATE']);
