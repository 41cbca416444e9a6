import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A QR code drawn in the browser (the payload never leaves the page). */
export function Qr({ payload, label, testId }: { payload: string; label: string; testId?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(payload, { margin: 1, width: 440, errorCorrectionLevel: 'M' }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [payload]);
  return src ? <img className="lx-qr" src={src} alt={label} data-testid={testId} data-payload={payload} /> : <div className="lx-qr" />;
}
