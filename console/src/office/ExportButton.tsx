import { useEffect, useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client';
import { Button, Dropdown, Modal, Progress, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { CaseFilter, ExportFormat } from '../gql/graphql';
import { errorMessage } from '../ui/errors';
import { downloadFile } from './files';
import { ExportJobProgress, StartCaseExport, StartFiguresExport } from './operations';

type What = { cases: CaseFilter } | { figures: { orgId?: string; from: string; to: string } };

interface Job {
  id: string;
  state: string;
  rows: number;
  name: string;
  error?: string | null;
  downloadUrl?: string | null;
}

/**
 * 导出: starts an export of what the page shows (the case list's filter, or the dashboard's org
 * and period), shows its progress, and downloads the file when it is ready.
 */
export function ExportButton({ what, label = '导出' }: { what: What; label?: string }) {
  const client = useApolloClient();
  const [startCases] = useMutation(StartCaseExport);
  const [startFigures] = useMutation(StartFiguresExport);
  const [job, setJob] = useState<Job | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const start = async (format: ExportFormat) => {
    setProblem(null);
    setSaved(false);
    try {
      const res = 'cases' in what
        ? (await startCases({ variables: { input: { format, filter: what.cases } } })).data?.startCaseExport
        : (await startFigures({ variables: { input: { format, ...what.figures } } })).data?.startFiguresExport;
      if (res) setJob(res);
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };

  // Polls while the job runs; once done, the file is fetched by its signed link and saved.
  useEffect(() => {
    if (!job || job.state !== 'RUNNING') return;
    const timer = setTimeout(async () => {
      const r = await client.query({ query: ExportJobProgress, variables: { id: job.id }, fetchPolicy: 'network-only' }).catch(() => null);
      const next = r?.data?.exportJob;
      if (!next) return setProblem('查询导出进度失败，请稍后重试。');
      setJob(next);
      if (next.state === 'DONE' && next.downloadUrl) await save(next);
    }, 500);
    return () => clearTimeout(timer);
  }, [job, client]);

  const save = async (j: Job) => {
    try {
      // A link lives five minutes: ask for a fresh one when saving again later.
      const fresh = j.downloadUrl ? j : (await client.query({ query: ExportJobProgress, variables: { id: j.id }, fetchPolicy: 'network-only' })).data?.exportJob;
      await downloadFile(fresh?.downloadUrl ?? '', j.name);
      setSaved(true);
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };

  const again = async () => {
    if (!job) return;
    const r = await client.query({ query: ExportJobProgress, variables: { id: job.id }, fetchPolicy: 'network-only' });
    if (r.data?.exportJob) await save(r.data.exportJob);
  };

  return (
    <>
      <Dropdown
        menu={{ items: [{ key: 'XLSX', label: 'Excel 表格（.xlsx）' }, { key: 'CSV', label: 'CSV 文件（.csv）' }], onClick: ({ key }) => void start(key as ExportFormat) }}
        trigger={['click']}
      >
        <Button icon={<DownloadOutlined />} data-testid="export-button">{label}</Button>
      </Dropdown>
      <Modal open={!!job || !!problem} title={job?.name ?? '导出'} footer={null} onCancel={() => { setJob(null); setProblem(null); }} destroyOnClose>
        {problem && <Typography.Paragraph type="danger" data-testid="export-problem">{problem}</Typography.Paragraph>}
        {job && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="export-progress">
            {job.state === 'RUNNING' && (
              <>
                <Progress percent={99} status="active" showInfo={false} />
                <Typography.Text>正在导出，已写入 {job.rows.toLocaleString('zh-CN')} 行…数据多时需要一两分钟，可以先关闭此窗口，稍后回来。</Typography.Text>
              </>
            )}
            {job.state === 'DONE' && (
              <>
                <Progress percent={100} />
                <Typography.Text data-testid="export-done">导出完成，共 {job.rows.toLocaleString('zh-CN')} 行。{saved ? '文件已开始下载。' : ''}</Typography.Text>
                <Button type="primary" icon={<DownloadOutlined />} onClick={() => void again()}>再次下载</Button>
              </>
            )}
            {job.state === 'FAILED' && <Typography.Text type="danger">{job.error ?? '导出失败，请稍后重试。'}</Typography.Text>}
          </Space>
        )}
      </Modal>
    </>
  );
}
