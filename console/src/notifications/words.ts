/**
 * The receiver's last answer, as a cadre reads it. The dispatcher records it in English for
 * operators ("webhook answered 503", a timeout, a refused connection).
 */
export function failureWords(lastError: string | null | undefined): string {
  if (!lastError) return '—';
  const status = /webhook answered (\d{3})/.exec(lastError);
  if (status) return `短信/微信接口拒收（代码 ${status[1]}）`;
  if (/abort|timeout/i.test(lastError)) return '短信/微信接口没有及时回应';
  if (/ECONNREFUSED|fetch failed|ENOTFOUND/i.test(lastError)) return '连不上短信/微信接口';
  if (/gone|not filed/.test(lastError)) return '职工信息已不存在';
  return '发送失败';
}
