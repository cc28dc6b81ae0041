// QR codes as inline SVG, drawn on the server (qrcode-svg: plain JavaScript, no canvas, no
// network), so the set-up page shows one without JavaScript and the library never reaches the
// browser. The markup is the library's own, made only of numbers and the colours below.
import QRCode from 'qrcode-svg';

/** An <svg> (viewBox, no fixed size: CSS sizes it) encoding `text`; black on white, quiet zone of 4. */
export function qrSvg(text: string): string {
  return new QRCode({
    content: text,
    ecl: 'M',
    padding: 4,
    width: 256,
    height: 256,
    color: '#000000',
    background: '#ffffff',
    join: true,
    container: 'svg-viewbox',
    xmlDeclaration: false,
    pretty: false,
  }).svg();
}
