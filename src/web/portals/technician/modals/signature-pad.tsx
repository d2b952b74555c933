// The customer's signature: drawn with a finger, pen or mouse (pointer events) on a canvas and
// handed over as a PNG data URL. A pad cannot be used from a keyboard: the modal offers the OTP
// confirmation as the accessible alternative, and the hint says so.
import { useEffect, useId, useRef } from 'react';
import { useT } from '../../../i18n/i18n';

const WIDTH = 600;
const HEIGHT = 240;

export function SignaturePad(props: { value: string | null; onChange(value: string | null): void }) {
  const t = useT();
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.lineWidth = 3;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#111827';
  }, []);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * WIDTH,
      y: ((event.clientY - box.top) / box.height) * HEIGHT,
    };
  };

  const clear = () => {
    const context = canvas.current?.getContext('2d');
    context?.clearRect(0, 0, WIDTH, HEIGHT);
    drawn.current = false;
    onChange.current(null);
  };

  return (
    <div className="tw-signature">
      <p id={`${id}-hint`} className="field-hint">
        {t('techWork.modal.signatureHint')}
      </p>
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        className="tw-signature-canvas"
        role="img"
        aria-label={t('techWork.modal.signaturePad')}
        aria-describedby={`${id}-hint`}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const context = event.currentTarget.getContext('2d');
          if (!context) return;
          drawing.current = true;
          const { x, y } = point(event);
          context.beginPath();
          context.moveTo(x, y);
          context.lineTo(x + 0.1, y + 0.1);
          context.stroke();
        }}
        onPointerMove={(event) => {
          if (!drawing.current) return;
          const context = event.currentTarget.getContext('2d');
          if (!context) return;
          const { x, y } = point(event);
          context.lineTo(x, y);
          context.stroke();
          drawn.current = true;
        }}
        onPointerUp={(event) => {
          if (!drawing.current) return;
          drawing.current = false;
          if (drawn.current) onChange.current(event.currentTarget.toDataURL('image/png'));
        }}
        onPointerCancel={() => {
          drawing.current = false;
        }}
      />
      <div className="tw-signature-actions">
        <p className="status-text" role="status">
          {props.value && t('techWork.modal.signatureDone')}
        </p>
        <button type="button" className="button button-ghost" onClick={clear} disabled={!props.value}>
          {t('techWork.modal.clearSignature')}
        </button>
      </div>
    </div>
  );
}
