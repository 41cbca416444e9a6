import { useEffect, useState } from 'react';
import { Alert, Button, Card, Spin } from 'antd';
import { useNavigate } from 'react-router-dom';
import { consoleSettings } from '../auth/identities';
import { completeSignIn } from '../auth/pkce';
import { decode, saveSession } from '../auth/session';

/** What the header calls someone signed in through the provider: their name when the token carries one. */
function labelFor(token: string): string {
  let name: unknown;
  try {
    name = decode(token).name;
  } catch {
    throw new Error('身份认证服务返回的令牌无法识别，请联系管理员。');
  }
  return typeof name === 'string' && name.trim() ? `${name.trim().slice(0, 40)}（统一身份认证）` : '统一身份认证用户';
}

/** /auth/callback: the identity provider sends the browser back here with a code. */
export default function CallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const s = await consoleSettings();
        if (!s.oidc) throw new Error('尚未配置统一身份认证。');
        const token = await completeSignIn(s.oidc, location.search);
        saveSession(token, labelFor(token));
        // Replace: the code in the address bar is spent, Back must not return to it.
        if (live) navigate('/', { replace: true });
      } catch (e) {
        if (live) setError((e as Error).message || '登录没有完成，请重新登录。');
      }
    })();
    return () => {
      live = false;
    };
  }, [navigate]);
  return (
    <Card style={{ width: 480, margin: '80px auto' }} title="正在登录">
      {error ? (
        <Alert type="error" showIcon message={error} data-testid="callback-error" action={<Button onClick={() => navigate('/signin', { replace: true })}>返回登录</Button>} />
      ) : (
        <Spin tip="正在完成登录…">
          <div style={{ height: 40 }} />
        </Spin>
      )}
    </Card>
  );
}
