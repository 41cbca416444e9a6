import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { signOut } from '../auth/session';

/** Someone signed in who is neither staff nor a member or partner desk (those go to /m and /desk): the staff pages are not for them. */
export default function NotStaffPage() {
  const navigate = useNavigate();
  return (
    <div data-testid="not-staff">
    <Result
      status="403"
      title="这个工作台供工会工作人员使用"
      subTitle="您当前的身份不能查看工作人员页面。会员服务和合作场馆前台将单独提供。"
      extra={
        <Button type="primary" onClick={() => { signOut(); navigate('/signin'); }}>
          换个身份登录
        </Button>
      }
    />
    </div>
  );
}
