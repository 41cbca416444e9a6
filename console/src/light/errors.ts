import { errorCode, ERROR_MESSAGES, FALLBACK_MESSAGE } from '../ui/errors';

/**
 * What a cashier or a worker reads when a request fails: the staff console's sentences
 * (ui/errors.ts), with the codes and the words of the light pages on top. Pure.
 */
const LIGHT_MESSAGES: Record<string, string> = {
  NOT_FOUND: '未找到：它不存在，或不是您的。',
  FORBIDDEN: '这个账号不能做这件事。',
  CONFLICT: '刚才有别的操作改动了它，页面已刷新，请再看一眼。',
  INVALID_STATE: '现在不能做这一步，页面已刷新为最新情况。',
  UNAUTHENTICATED: '登录已过期，请重新登录。',
  DUPLICATE: '已经提交过了，不用重复提交。',
};

export function lightMessage(err: unknown, own: Record<string, string> = {}): string {
  const code = errorCode(err);
  if (!code) return FALLBACK_MESSAGE;
  const base = own[code] ?? LIGHT_MESSAGES[code] ?? ERROR_MESSAGES[code] ?? FALLBACK_MESSAGE;
  if (code === 'BAD_USER_INPUT' && !own[code]) {
    const detail = (err as { errors?: { message?: string }[] }).errors?.[0]?.message;
    if (detail) return `${base}（${detail}）`;
  }
  return base;
}

export { errorCode };
