import { Button, Layout, Menu, Space, Typography } from 'antd';
import { AuditOutlined, CalendarOutlined, DashboardOutlined, FileTextOutlined, TeamOutlined, ApartmentOutlined, IdcardOutlined, LogoutOutlined, GiftOutlined, HeartOutlined, HomeOutlined, ReadOutlined, ShopOutlined, QrcodeOutlined, ProfileOutlined, CommentOutlined, BellOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useApolloClient } from '@apollo/client';
import { useSession } from '../auth/SessionContext';
import { signOut } from '../auth/session';

const ITEMS = [
  { key: '/', icon: <DashboardOutlined />, label: '工作台' },
  { key: '/cases', icon: <FileTextOutlined />, label: '诉求' },
  { key: '/cases/new', icon: <FileTextOutlined />, label: '登记诉求' },
  { key: '/visits', icon: <CalendarOutlined />, label: '主席陪伴日' },
  { key: '/posts', icon: <HomeOutlined />, label: '工会驿站' },
  { key: '/menus', icon: <ProfileOutlined />, label: '服务菜单' },
  { key: '/campaigns', icon: <CommentOutlined />, label: '大访谈' },
  { key: '/members', icon: <TeamOutlined />, label: '会员' },
  { key: '/members/import', icon: <TeamOutlined />, label: '批量导入' },
  { key: '/members/applications', icon: <TeamOutlined />, label: '入会申请' },
  { key: '/drives', icon: <QrcodeOutlined />, label: '扫码入会行动' },
  { key: '/members/transfers', icon: <TeamOutlined />, label: '会籍接转' },
  { key: '/members/hardship', icon: <TeamOutlined />, label: '困难职工复核' },
  { key: '/orgs', icon: <ApartmentOutlined />, label: '组织' },
  { key: '/staff', icon: <IdcardOutlined />, label: '人员与部室' },
  { key: '/programmes', icon: <GiftOutlined />, label: '普惠项目' },
  { key: '/care', icon: <HeartOutlined />, label: '走访慰问' },
  { key: '/aid', icon: <ReadOutlined />, label: '金秋助学' },
  { key: '/partners', icon: <ShopOutlined />, label: '合作商家' },
  { key: '/audit', icon: <AuditOutlined />, label: '查阅记录' },
  { key: '/notifications', icon: <BellOutlined />, label: '通知未送达' },
];

export function StaffLayout({ children }: { children: ReactNode }) {
  const session = useSession();
  const navigate = useNavigate();
  const client = useApolloClient();
  const { pathname } = useLocation();
  const selected = ITEMS.map((i) => i.key).filter((k) => k === pathname || (k !== '/' && pathname.startsWith(k + '/') && !ITEMS.some((o) => o.key === pathname)));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={188} theme="light" breakpoint="lg" collapsedWidth={64} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 18, color: '#c8161d', whiteSpace: 'nowrap' }}>连心桥</div>
        <Menu mode="inline" selectedKeys={selected.length ? selected.slice(-1) : [pathname]} items={ITEMS} onClick={(e) => navigate(e.key)} style={{ borderInlineEnd: 0 }} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Space>
            <Typography.Text data-testid="who">{session.label}</Typography.Text>
            <Button
              icon={<LogoutOutlined />}
              onClick={() => {
                signOut();
                // What this cadre loaded (names, masked numbers) must not outlive the session on a shared desk.
                void client.clearStore();
                navigate('/signin');
              }}
            >
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
