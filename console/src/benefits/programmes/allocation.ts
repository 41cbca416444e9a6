/**
 * What an allocation refusal means to the cadre who asked: the API says how much room the
 * share above has (extensions.max) or how far a share can shrink (extensions.min), in units
 * or fen; here that becomes a sentence with the number in 个 or 元. Pure: unit-tested.
 */
import { errorCode, errorExtensions, errorMessage, RECORD_MESSAGES } from '../../ui/errors';
import { formatYuan } from '../../ui/money';

export function allocationRefusal(err: unknown): string {
  const ext = errorExtensions(err);
  if (errorCode(err) === 'BAD_USER_INPUT' && (ext.field === 'quota' || ext.field === 'budgetCents')) {
    const amount = (n: number) => (ext.field === 'quota' ? `${n} 个名额` : formatYuan(n));
    if (typeof ext.max === 'number') return `分多了：上级的份额最多还能给这个单位 ${amount(ext.max)}（已含它现有的）。请少分一些，或请上级追加。`;
    if (typeof ext.min === 'number') return `不能调这么少：这个单位已经发出或再分下去 ${amount(ext.min)}，份额不能低于这个数。`;
  }
  return errorMessage(err, RECORD_MESSAGES);
}
