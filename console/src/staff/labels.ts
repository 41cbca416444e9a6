/** The permissions a staff account may hold, in plain words for the cadre who grants them. */
export const PERMISSION_LABEL: Record<string, string> = {
  'pii:read': '查看完整身份证号和手机号',
  'case:signoff': '诉求签单',
  'programme:manage': '管理普惠项目',
  'staff:manage': '管理人员与部室',
};

export const GRANT_ACTION_LABEL: Record<string, string> = { GRANT: '开通', CHANGE: '变更', REVOKE: '停用' };
