import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Select } from 'antd';
import { SubtreeOrgs } from '../cases/operations';
import type { OrgLevel } from '../gql/graphql';
import { ORG_LEVEL, label } from './labels';

/** Pick an org inside `under` (the caller's subtree), by name or code; `level` keeps to one level of the tree. */
export function OrgPicker({ under, value, onChange, placeholder = '输入单位名称或代码搜索', exclude, level, style }: { under?: string; value?: string; onChange?: (id: string | undefined) => void; placeholder?: string; exclude?: string; level?: OrgLevel; style?: React.CSSProperties }) {
  const [text, setText] = useState('');
  const { data, loading } = useQuery(SubtreeOrgs, { variables: { under, text: text || undefined, level }, skip: !under });
  const options = (data?.orgs ?? []).filter((o) => o.id !== exclude).map((o) => ({ value: o.id, label: `${o.name ?? o.code}（${label(ORG_LEVEL, o.level)}）` }));
  return (
    <Select
      showSearch
      allowClear
      style={{ minWidth: 260, ...style }}
      value={value}
      placeholder={placeholder}
      filterOption={false}
      onSearch={setText}
      onChange={(v) => onChange?.(v)}
      loading={loading}
      options={options}
      notFoundContent={loading ? '搜索中…' : '没有匹配的单位'}
      data-testid="org-picker"
    />
  );
}
