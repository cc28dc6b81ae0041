// The part of qrcode-svg 1.1.0 (CommonJS, no typings of its own) that lib/server/qr.ts uses.
declare module 'qrcode-svg' {
  interface Options {
    content: string;
    ecl?: 'L' | 'M' | 'Q' | 'H';
    padding?: number;
    width?: number;
    height?: number;
    color?: string;
    background?: string;
    join?: boolean;
    container?: 'svg' | 'svg-viewbox' | 'g' | 'none';
    xmlDeclaration?: boolean;
    pretty?: boolean;
  }

  class QRCode {
    constructor(options: Options | string);
    svg(options?: { container?: Options['container'] }): string;
  }

  export default QRCode;
}
