import { useEffect, useRef, useState } from 'react';
// The QR reader alone: the package's index pulls in every format and writer (about 110 kB gzipped).
import { BrowserQRCodeReader } from '@zxing/library/esm/browser/BrowserQRCodeReader';
import { Notice } from '../light/ui';

/**
 * The device camera reading QR codes (ZXing). Loaded only when the cashier opens it; a
 * tablet without a camera, or one that refuses it, falls back to typing the code.
 */
export default function Scanner({ onScan, onClose }: { onScan: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const reader = new BrowserQRCodeReader(300);
    let done = false;
    reader
      .decodeFromVideoDevice(null, video.current!, (result) => {
        if (result && !done) {
          done = true;
          onScan(result.getText());
        }
      })
      .catch(() => setProblem('打不开摄像头：这台设备可能没有摄像头，或没有允许使用。请在下面输入券码。'));
    return () => reader.reset();
  }, [onScan]);

  return (
    <div style={{ marginBottom: 12 }} data-testid="scanner">
      {problem ? (
        <Notice kind="warn">{problem}</Notice>
      ) : (
        <video ref={video} muted playsInline style={{ width: '100%', maxHeight: 360, background: '#000', borderRadius: 8 }} />
      )}
      <button type="button" className="lx-btn lx-btn-block" onClick={onClose}>
        关闭摄像头
      </button>
    </div>
  );
}
