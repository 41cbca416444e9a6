import { useQuery } from '@apollo/client';
import { Card, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { graphql } from '../gql';

/** The 部室 of a union and who works in each: the org page's list and the menu board's filter. */
export const OrgDepartments = graphql(`
  query OrgDepartments($id: ID!) {
    org(id: $id) {
      id
      name
      departments {
        id
        name
        staff {
          id
          name
        }
      }
    }
  }
`);

/** 部室: a union's departments with their people; kept on the 人员与部室 page. */
export function Departments({ orgId }: { orgId: string }) {
  const { data } = useQuery(OrgDepartments, { variables: { id: orgId }, fetchPolicy: 'cache-and-network' });
  const departments = data?.org?.departments ?? [];
  if (!departments.length) return null;
  return (
    <Card size="small" title={`部室（${departments.length} 个）`} style={{ marginTop: 16 }} extra={<Link to="/staff">人员与部室</Link>} data-testid="org-departments">
      <List
        size="small"
        grid={{ gutter: 8, xs: 1, sm: 2, md: 3, lg: 4 }}
        dataSource={departments}
        renderItem={(d) => (
          <List.Item>
            <Space direction="vertical" size={2}>
              <Typography.Text strong>{d.name}</Typography.Text>
              <span>{d.staff.length ? d.staff.map((s) => <Tag key={s.id}>{s.name}</Tag>) : <Typography.Text type="secondary">暂无人员</Typography.Text>}</span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
