import { Alert, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from './errors';

export const Loading = ({ tip = '正在加载…' }: { tip?: string }) => (
  <div style={{ padding: 48, textAlign: 'center' }} data-testid="loading">
    <Spin tip={tip}>
      <div style={{ height: 40 }} />
    </Spin>
  </div>
);

export const Nothing = ({ text, children }: { text: string; children?: ReactNode }) => (
  <Empty description={text} data-testid="empty">
    {children}
  </Empty>
);

export const ErrorState = ({ error, retry }: { error: unknown; retry?: () => void }) => (
  <Alert
    type="error"
    showIcon
    data-testid="error"
    message={errorMessage(error)}
    action={retry ? <a onClick={retry}>重试</a> : undefined}
    style={{ margin: '16px 0' }}
  />
);

export const NotFound = ({ what }: { what: string }) => (
  <div data-testid="not-found">
    <Result status="404" title={`没有找到这个${what}`} subTitle="它不存在，或不在您单位的管辖范围内。" />
  </div>
);
