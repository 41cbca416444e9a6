import { useState } from 'react';
import { Button, Space } from 'antd';
import { graphql } from '../gql';

/** What a Pager needs of a connection's pageInfo. */
export const NextPageFields = graphql(`
  fragment NextPage on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** Cursor paging for a list: one cursor per page seen, so 上一页 goes back without the API paging backwards. */
export function usePager() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    back: () => setCursors(cursors.slice(0, -1)),
    next: (cursor: string | null | undefined) => setCursors([...cursors, cursor ?? null]),
    reset: () => setCursors([null]),
  };
}

export function Pager({ pager, pageInfo }: { pager: ReturnType<typeof usePager>; pageInfo?: { hasNextPage: boolean; endCursor?: string | null } | null }) {
  if (pager.page === 1 && !pageInfo?.hasNextPage) return null;
  return (
    <Space style={{ marginTop: 16 }}>
      <Button disabled={pager.page === 1} onClick={pager.back}>上一页</Button>
      <span>第 {pager.page} 页</span>
      <Button disabled={!pageInfo?.hasNextPage} onClick={() => pager.next(pageInfo?.endCursor)}>下一页</Button>
    </Space>
  );
}
