import { useState } from 'react';
import { Button, Input, Modal } from 'antd';

/** A button that asks for a reason before it acts (reject an application, return a transfer). */
export function ReasonButton({ text, title, onConfirm }: { text: string; title: string; onConfirm: (reason: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button danger size="small" onClick={() => setOpen(true)}>{text}</Button>
      <Modal title={title} open={open} okText="确定" cancelText="取消" okButtonProps={{ disabled: !reason.trim() }} onCancel={() => setOpen(false)} onOk={async () => { await onConfirm(reason.trim()); setOpen(false); setReason(''); }}>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明原因，对方会看到" />
      </Modal>
    </>
  );
}
