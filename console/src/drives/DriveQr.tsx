import { useEffect, useRef } from 'react';
import { Button, Modal } from 'antd';
import QRCode from 'qrcode';

/** A sub-org's drive poster (亮码): the signed code, big enough for an A4 sheet, with what the worker does. */
export function DriveQr({ payload, drive, orgName, endsOn, open, onClose }: { payload: string; drive: string; orgName: string; endsOn: string; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (open && ref.current) void QRCode.toCanvas(ref.current, payload, { width: 320, margin: 2 });
  }, [open, payload]);
  return (
    <Modal open={open} onCancel={onClose} title="入会二维码" footer={<Button type="primary" onClick={() => window.print()}>打印</Button>}>
      <div style={{ textAlign: 'center' }} data-testid="drive-qr">
        <h2 style={{ marginBottom: 4 }}>{orgName}</h2>
        <div style={{ color: '#c8161d', marginBottom: 8 }}>{drive}</div>
        <canvas ref={ref} />
        <p>新就业形态劳动者和广大职工：微信扫一扫，选择所在单位，填写信息即可申请入会。</p>
        <p style={{ color: '#888' }}>本码 {endsOn} 前有效</p>
      </div>
    </Modal>
  );
}
