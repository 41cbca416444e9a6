import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Select } from 'antd';
import { MemberPick } from '../cases/operations';

/** Pick a member of the caller's subtree by the first characters of the name (shown masked: name, phone, union). */
export function MemberPicker({ value, onChange, placeholder = '输入姓名开头的字', style }: { value?: string; onChange?: (id: string | undefined) => void; placeholder?: string; style?: React.CSSProperties }) {
  const [search, setSearch] = useState('');
  const members = useQuery(MemberPick, { variables: { namePrefix: search || undefined }, skip: !search });
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder}
      loading={members.loading}
      style={style}
      notFoundContent={search ? '没有找到' : '请输入姓名'}
      options={(members.data?.members?.edges ?? []).map(({ node: m }) => ({ value: m.id, label: `${m.name}　${m.phone}　${m.org?.name ?? ''}` }))}
      data-testid="member-picker"
    />
  );
}
