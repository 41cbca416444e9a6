import { Table, type TableProps } from 'antd';
import { ErrorState } from './States';

/** What a list page's query gives the table: loading, and an error to show when nothing came back. */
export interface ListQuery {
  loading: boolean;
  error?: unknown;
  data?: unknown;
  refetch: () => unknown;
}

/**
 * A list of records with ids, one page at a time (paging is the Pager's): the error of its
 * query above it, "正在加载…" while loading, `empty` when there is nothing.
 */
export function ListTable<T extends { id: string }>({ rows, empty, query, ...rest }: Omit<TableProps<NoInfer<T>>, 'dataSource'> & { rows: T[]; empty: string; query?: ListQuery }) {
  return (
    <>
      {query?.error && !query.data ? <ErrorState error={query.error} retry={() => void query.refetch()} /> : null}
      <Table<T> rowKey="id" pagination={false} loading={query?.loading} dataSource={rows} locale={{ emptyText: query?.loading ? '正在加载…' : empty }} {...rest} />
    </>
  );
}
