import { useEffect, useRef } from 'react';
import { Button, Modal } from 'antd';
import QRCode from 'qrcode';

/** The org's 扫码入会 QR code, big enough to print on an A4 poster. */
export function JoinQr({ payload, name, open, onClose }: { payload: string; name: string; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (open && ref.current) void QRCode.toCanvas(ref.current, payload, { width: 320, margin: 2 });
  }, [open, payload]);
  return (
    <Modal open={open} onCancel={onClose} title="扫码入会" footer={<Button type="primary" onClick={() => window.print()}>打印</Button>}>
      <div style={{ textAlign: 'center' }} data-testid="join-qr">
        <h2>{name}</h2>
        <canvas ref={ref} />
        <p>职工用微信扫一扫，填写信息后由本工会审核入会。</p>
      </div>
    </Modal>
  );
}
