import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Alert, Button, Card, Col, Progress, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { errorMessage } from '../ui/errors';
import { downloadFile, ROSTER_TEMPLATE, uploadRoster } from '../office/files';
import { CommitRosterImport, RosterImportView } from '../office/operations';

const FIELD: Record<string, string> = { name: '姓名', gender: '性别', birthDate: '出生日期', idNumber: '身份证号', phone: '手机号', employmentType: '用工类型', orgCode: '企业工会编码' };

function saveTemplate() {
  const href = URL.createObjectURL(new Blob([ROSTER_TEMPLATE], { type: 'text/csv;charset=utf-8' }));
  Object.assign(document.createElement('a'), { href, download: '会员花名册模板.csv' }).click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** 批量导入会员: 上传 → 预检报告 → 确认导入 → 进度. Nothing is created before the cadre confirms. */
export default function RosterImportPage() {
  const [id, setId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { data, refetch } = useQuery(RosterImportView, { variables: { id: id ?? '' }, skip: !id, fetchPolicy: 'network-only' });
  const [commit, committing] = useMutation(CommitRosterImport);
  const imp = data?.rosterImport;
  const step = !imp ? 0 : imp.state === 'CHECKED' ? 1 : imp.state === 'COMMITTING' ? 2 : 3;

  // While members are being created, the count is asked for again every moment.
  useEffect(() => {
    if (imp?.state !== 'COMMITTING') return;
    const timer = setTimeout(() => void refetch(), 700);
    return () => clearTimeout(timer);
  }, [imp, refetch]);

  const upload = async (file: File) => {
    setProblem(null);
    setUploading(true);
    try {
      setId((await uploadRoster(file)).id);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };
  const confirm = async () => {
    try {
      await commit({ variables: { id: id! } });
      await refetch();
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };
  const restart = () => {
    setId(null);
    setProblem(null);
  };

  return (
    <Card title="批量导入会员" extra={<Link to="/members">返回会员列表</Link>}>
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: '上传花名册' }, { title: '预检报告' }, { title: '确认导入' }, { title: '完成' }]} />
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="import-problem" />}
      {step === 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            每行一人，表头为：姓名、性别、出生日期、身份证号、手机号、用工类型（普通职工、外卖骑手、网约车司机、快递员、主播）、企业工会编码。
            上传后系统先逐行检查，不会马上建立会员；您看过预检报告、点“确认导入”后才导入。
            <Typography.Link onClick={saveTemplate}> 下载模板</Typography.Link>
          </Typography.Paragraph>
          <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} disabled={uploading} customRequest={({ file }) => void upload(file as File)} data-testid="roster-upload">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{uploading ? '正在逐行检查，请稍候…' : '点击或把花名册拖到这里上传'}</p>
            <p className="ant-upload-hint">支持 Excel（.xlsx）和 CSV，最大 10 MB，一次最多 60,000 人</p>
          </Upload.Dragger>
        </Space>
      )}
      {imp && step >= 1 && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={6}><Statistic title="花名册人数" value={imp.rowsTotal} /></Col>
          <Col span={6}><Statistic title="可以导入" value={imp.rowsOk} valueStyle={{ color: '#389e0d' }} /></Col>
          <Col span={6}><Statistic title="有问题（不导入）" value={imp.rowsWithProblems} valueStyle={imp.rowsWithProblems ? { color: '#cf1322' } : undefined} /></Col>
          <Col span={6}><Statistic title="已导入" value={imp.created} /></Col>
        </Row>
      )}
      {imp && step === 1 && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="dry-run">
          {imp.rowsWithProblems > 0 && (
            <Table
              rowKey={(p) => `${p.row}-${p.code}`}
              size="small"
              pagination={{ pageSize: 10, showSizeChanger: false }}
              dataSource={imp.problems.edges.map((e) => e.node)}
              columns={[
                { title: '行号', dataIndex: 'row', width: 70 },
                { title: '姓名', dataIndex: 'name', width: 100 },
                { title: '身份证号', dataIndex: 'idNumber', width: 190 },
                { title: '栏目', dataIndex: 'field', width: 110, render: (f: string) => FIELD[f] ?? f },
                { title: '问题', dataIndex: 'message' },
              ]}
              footer={() => (imp.problems.pageInfo.hasNextPage ? `只显示前 100 条，完整问题清单请下载预检报告。` : null)}
            />
          )}
          <Space>
            {imp.reportUrl && <Button onClick={() => void downloadFile(imp.reportUrl!, '预检报告.xlsx').catch((err: unknown) => setProblem(errorMessage(err)))}>下载预检报告</Button>}
            <Button type="primary" disabled={!imp.rowsOk} loading={committing.loading} onClick={() => void confirm()}>
              {imp.rowsOk ? `确认导入 ${imp.rowsOk.toLocaleString('zh-CN')} 人` : '没有可以导入的人'}
            </Button>
            <Button onClick={restart}>重新上传</Button>
          </Space>
          {imp.rowsWithProblems > 0 && imp.rowsOk > 0 && <Typography.Text type="secondary">有问题的 {imp.rowsWithProblems} 行不会导入；改好后可以只把这些行再上传一次，已导入的人不会重复建立。</Typography.Text>}
        </Space>
      )}
      {imp && step === 2 && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="commit-progress">
          <Progress percent={imp.rowsOk ? Math.floor((imp.created * 100) / imp.rowsOk) : 100} status="active" />
          <Typography.Text>正在分批导入，已导入 {imp.created.toLocaleString('zh-CN')} / {imp.rowsOk.toLocaleString('zh-CN')} 人…</Typography.Text>
        </Space>
      )}
      {imp && step === 3 && (
        <div data-testid="import-done">
        <Result
          status={imp.state === 'DONE' ? 'success' : 'warning'}
          title={imp.state === 'DONE' ? `导入完成：新建会员 ${imp.created.toLocaleString('zh-CN')} 人` : '导入中断'}
          subTitle={imp.state === 'DONE' ? (imp.skipped ? `另有 ${imp.skipped} 人在导入时已是会员，已跳过。` : '已导入的会员可以在会员列表中查看。') : imp.error}
          extra={[<Link key="list" to="/members"><Button type="primary">查看会员</Button></Link>, <Button key="again" onClick={restart}>再导入一份</Button>]}
        />
        </div>
      )}
    </Card>
  );
}
