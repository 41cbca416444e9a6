import { loadNotifySettings } from '@lianxin/members-client';
import { loadWebhookSettings } from '../notification.webhook';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';

describe('notification settings', () => {
  test('no URL: the in-app feed only, nothing else asked for', () => {
    expect(loadWebhookSettings({})).toEqual({ url: undefined, secret: '', address: 'member' });
    expect(loadNotifySettings({})).toEqual({ intervalMs: 2_000, maxAttempts: 10, leaseMs: 60_000 });
  });

  test('a URL with its secret and the address the gateway needs', () => {
    expect(loadWebhookSettings({ NOTIFY_WEBHOOK_URL: 'https://sms.example.cn/hook', NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_WEBHOOK_ADDRESS: 'phone' })).toEqual({ url: 'https://sms.example.cn/hook', secret: SECRET, address: 'phone' });
    expect(loadNotifySettings({ NOTIFY_DISPATCH_INTERVAL_SECONDS: '0', NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_LEASE_SECONDS: '5' })).toEqual({ intervalMs: 0, maxAttempts: 3, leaseMs: 5_000 });
  });

  test('refuses, with every problem named: production without a secret, a short secret, an unknown address, numbers out of range', () => {
    expect(() => loadWebhookSettings({ NODE_ENV: 'production', NOTIFY_WEBHOOK_URL: 'https://sms.example.cn/hook', NOTIFY_WEBHOOK_ADDRESS: 'email' })).toThrow(
      /NOTIFY_WEBHOOK_SECRET is required in production[\s\S]*NOTIFY_WEBHOOK_ADDRESS must be member or phone \(got "email"\)/,
    );
    expect(() => loadWebhookSettings({ NOTIFY_WEBHOOK_URL: 'https://sms.example.cn/hook', NOTIFY_WEBHOOK_SECRET: 'short' })).toThrow(/NOTIFY_WEBHOOK_SECRET must be at least 32 characters/);
    expect(() => loadWebhookSettings({ NOTIFY_WEBHOOK_URL: 'not a url', NOTIFY_WEBHOOK_SECRET: SECRET })).toThrow(/NOTIFY_WEBHOOK_URL/);
    expect(() => loadNotifySettings({ NOTIFY_MAX_ATTEMPTS: '0', NOTIFY_LEASE_SECONDS: 'soon' })).toThrow(/NOTIFY_MAX_ATTEMPTS[\s\S]*NOTIFY_LEASE_SECONDS/);
  });
});
