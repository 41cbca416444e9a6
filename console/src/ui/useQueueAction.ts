import { App } from 'antd';
import { errorMessage } from './errors';

/**
 * For the work queues (join applications, transfers, education aid): runs one decision, says how it went in
 * a toast (the API's refusal in Chinese), and reloads the queue either way, since a refusal
 * usually means someone else decided first.
 */
export function useQueueAction(refetch: () => unknown, overrides?: Record<string, string>): (decision: Promise<unknown>, done: string) => Promise<void> {
  const { message } = App.useApp();
  return async (decision, done) => {
    try {
      await decision;
      message.success(done);
    } catch (e) {
      message.error(errorMessage(e, overrides));
    }
    void refetch();
  };
}
