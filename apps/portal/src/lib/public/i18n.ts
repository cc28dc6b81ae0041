// Every string of the public site (/, /cong-khai/…) in Vietnamese and English, in one place.
// Vietnamese is the default; `?lang=en` on any public address switches to English, and every link
// within the public site carries it on (the language is part of the address, so shared caches
// keep one copy per language without varying on a cookie).
import { parsePeriod } from '@binh-dang/domain';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

/** Pages of the public site: the home page and everything under /cong-khai. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/cong-khai' || pathname.startsWith('/cong-khai/');
}

/** The language of a public page: English only when asked for (`?lang=en`) on a public path. */
export function langOf(url: URL): Lang {
  return isPublicPath(url.pathname) && url.searchParams.get('lang') === 'en' ? 'en' : 'vi';
}

/** `href` with the language carried on: `?lang=en` added for English, nothing for Vietnamese. */
export function withLang(href: string, lang: Lang): string {
  if (lang === 'vi') return href;
  const [beforeHash = '', hash] = href.split('#', 2);
  const sep = beforeHash.includes('?') ? '&' : '?';
  return `${beforeHash}${sep}lang=en${hash !== undefined ? `#${hash}` : ''}`;
}

/** The same page in the other language: the address with `lang` set or removed. */
export function switchHref(url: URL, to: Lang): string {
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  if (to === 'en') params.set('lang', 'en');
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Numbers, dates, periods

function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** "1.234,5" (vi) / "1,234.5" (en); null → "—". */
export function formatNumber(value: number | null | undefined, lang: Lang, maxFractionDigits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const sign = value < 0 ? '−' : '';
  const [whole = '0', fraction = ''] = Math.abs(value).toFixed(maxFractionDigits).split('.');
  const decimals = fraction.replace(/0+$/, '');
  const [thousands, point] = lang === 'vi' ? ['.', ','] : [',', '.'];
  return `${sign}${group(whole, thousands)}${decimals ? `${point}${decimals}` : ''}`;
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "30/06/2025" (vi) / "30 June 2025" (en) from "2025-06-30". */
export function formatDate(date: string | null | undefined, lang: Lang): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  return lang === 'vi' ? `${d}/${mo}/${y}` : `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`;
}

/** The day of an instant in Việt Nam (UTC+7), as formatDate writes it. */
export function formatInstantDay(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return formatDate(new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10), lang);
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "Năm 2024", "Quý III/2024" (vi); "Year 2024", "Q3 2024", "H1 2024", "May 2024" (en). */
export function periodName(code: string, lang: Lang): string {
  const p = parsePeriod(code);
  if (!p) return code;
  if (lang === 'vi') {
    switch (p.type) {
      case 'yearly':
        return `Năm ${p.year}`;
      case 'sixMonthly':
        return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
      case 'quarterly':
        return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
      case 'monthly':
        return `Tháng ${p.index}/${p.year}`;
    }
  }
  switch (p.type) {
    case 'yearly':
      return `Year ${p.year}`;
    case 'sixMonthly':
      return `H${p.index} ${p.year}`;
    case 'quarterly':
      return `Q${p.index} ${p.year}`;
    case 'monthly':
      return `${MONTHS_EN[p.index - 1]} ${p.year}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The dictionary

const vi = {
  siteName: 'Bình Đẳng',
  tagline: 'Kế hoạch bình đẳng giới của địa phương',
  skipLink: 'Bỏ qua, đến nội dung chính',
  mainNav: 'Điều hướng chính',
  navHome: 'Trang chủ',
  navTree: 'Cây đơn vị',
  navApi: 'API',
  signIn: 'Đăng nhập',
  signInHint: 'dành cho cán bộ',
  switchTo: 'English',
  switchToLang: 'en' as Lang,
  switchLabel: 'Xem trang này bằng tiếng Anh (English)',
  footerAbout:
    'nền tảng lập, giao và theo dõi kế hoạch thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ.',
  footerDemo:
    'Đây là bản trình diễn. Kế hoạch năm 2024 của huyện Lâm Thao được nhập từ văn bản thật; các số liệu của xã là dữ liệu minh họa, chưa được đối chiếu với nguồn chính thức.',

  // Home
  homeTitle: 'Bình Đẳng — Công khai kế hoạch và kết quả bình đẳng giới của tỉnh, huyện, xã',
  homeDescription:
    'Kế hoạch bình đẳng giới đã ban hành, tiến độ thực hiện và kết quả các chỉ tiêu so với mục tiêu Nghị quyết 28/NQ-CP của tỉnh, huyện, xã; dữ liệu mở tải về được.',
  homeHeading: 'Kế hoạch và kết quả bình đẳng giới của địa phương',
  homeLead:
    'Người dân, báo chí và đại biểu Hội đồng nhân dân xem tại đây, không cần tài khoản, mỗi đơn vị đã hứa gì và đã làm được gì: kế hoạch đã ban hành, tiến độ thực hiện nhiệm vụ, kết quả các chỉ tiêu so với mục tiêu của Chiến lược quốc gia về bình đẳng giới (Nghị quyết 28/NQ-CP). Chỉ số liệu đã được phê duyệt mới được công khai; số nhỏ của các chỉ tiêu nhạy cảm được ẩn để bảo vệ nạn nhân.',
  provincesHeading: 'Chọn tỉnh',
  provincePage: 'Trang công khai của tỉnh',
  inForce: 'đang hiệu lực',
  formedFrom: 'Hình thành từ',
  directUnits: 'Đơn vị hành chính trực thuộc',
  noDirectUnits: 'Chưa có đơn vị hành chính trực thuộc trên hệ thống.',
  plansIssuedCount: (n: number) => (n === 0 ? 'Chưa có kế hoạch nào được ban hành' : `${n} kế hoạch đã ban hành trong tỉnh`),
  recentPlans: 'Kế hoạch mới ban hành',
  dataPeriods: 'Có số liệu',
  noDataPeriods: 'Chưa có số liệu đã phê duyệt',
  openDataHeading: 'Dữ liệu mở',
  openDataLead:
    'Mọi bảng trên trang công khai đều tải được dưới dạng CSV và JSON (UTF-8, có mô tả cột), theo giấy phép CC BY 4.0.',
  catalogue: 'Danh mục bộ dữ liệu (Frictionless Data Package, datapackage.json)',
  apiDocs: 'Tài liệu API công khai (/api/v1/public, OpenAPI)',
  indicatorCatalogue: 'Danh mục chỉ tiêu và mục tiêu Nghị quyết 28 (JSON)',
  staffHeading: 'Trang làm việc của cán bộ',
  staffLead: 'Phần dưới đây chỉ hiện khi đã đăng nhập: toàn bộ cây đơn vị và các kế hoạch, kể cả dự thảo bạn được xem.',

  // Unit page
  breadcrumbLabel: 'Vị trí trang',
  onThisPage: 'Trên trang này',
  kindNames: { province: 'Tỉnh', district: 'Cấp huyện', commune: 'Cấp xã', agency: 'Cơ quan, tổ chức' } as Record<string, string>,
  validity: (from: string | null, to: string | null) =>
    from && to ? `hiệu lực ${from} – ${to}` : to ? `hiệu lực đến ${to}` : from ? `hiệu lực từ ${from}` : '',
  successorNotice: (from: string) => `Từ ${from} sáp nhập vào`,
  predecessorsNotice: 'Hình thành từ',
  viewChooser: 'Chọn kỳ số liệu và ngày của cây đơn vị',
  periodField: 'Kỳ số liệu',
  atField: 'Cây đơn vị vào ngày',
  atHint: 'Xem các đơn vị trực thuộc như vào ngày này (ví dụ trước hoặc sau sáp nhập 01/7/2025).',
  show: 'Xem',
  invalidAt: (v: string) => `Ngày “${v}” không hợp lệ; đang hiện theo ngày mặc định.`,
  childrenHeading: 'Đơn vị trực thuộc',
  childrenAsOf: (d: string) => `Các đơn vị trực thuộc vào ngày ${d}. Chọn một đơn vị để xem kế hoạch và kết quả của đơn vị đó.`,
  noChildren: 'Không có đơn vị hành chính trực thuộc vào ngày này.',
  agenciesHeading: 'Cơ quan, tổ chức được giao nhiệm vụ',
  plansHeading: 'Kế hoạch đã ban hành',
  ownPlans: (unit: string) => `Kế hoạch do ${unit} ban hành`,
  noOwnPlans: 'Đơn vị chưa ban hành kế hoạch nào trên hệ thống.',
  upperPlans: 'Kế hoạch của cấp trên áp dụng cho đơn vị',
  lowerPlans: 'Kế hoạch của các đơn vị trực thuộc',
  planNumber: (n: string) => `Số ${n}`,
  planYear: (y: number) => `Năm ${y}`,
  superseded: 'đã được thay thế',
  dutyProgressSummary: (done: number, total: number, overdue: number) =>
    `Tiến độ nhiệm vụ: ${done}/${total} lượt giao việc đã hoàn thành${overdue ? `, ${overdue} quá hạn` : ''}`,
  resultsHeading: (period: string) => `Kết quả các chỉ tiêu — ${period}`,
  asOf: (d: string) => `Số liệu tính đến ${d}`,
  asOfNone: 'Chưa có số liệu nào được phê duyệt.',
  resultsLead:
    'Chỉ số liệu trong các báo cáo đã được phê duyệt; báo cáo chưa phê duyệt chưa được cộng vào. “—”: chưa có số liệu (không phải số 0).',
  noPeriods: 'Đơn vị chưa có số liệu đã phê duyệt của kỳ nào.',
  noPeriodsSeeOthers: 'Số liệu của thời kỳ trước hoặc sau xem tại:',
  periodNotExisting: (unit: string, period: string) => `${unit} không tồn tại trong ${period.toLowerCase()}.`,
  periodSeeInstead: 'Số liệu kỳ này xem tại:',
  nq28Heading: 'Mục tiêu của Chiến lược quốc gia về bình đẳng giới (Nghị quyết 28/NQ-CP)',
  nq28Caption: (period: string) => `Các chỉ tiêu của Nghị quyết 28/NQ-CP, ${period.toLowerCase()}, so với mục tiêu`,
  objectives: {
    1: 'Mục tiêu 1 — Lĩnh vực chính trị',
    2: 'Mục tiêu 2 — Lĩnh vực kinh tế, lao động',
    3: 'Mục tiêu 3 — Đời sống gia đình và phòng, chống bạo lực trên cơ sở giới',
    4: 'Mục tiêu 4 — Lĩnh vực y tế',
    5: 'Mục tiêu 5 — Lĩnh vực giáo dục và đào tạo',
    6: 'Mục tiêu 6 — Lĩnh vực thông tin và truyền thông',
  } as Record<number, string>,
  operationalHeading: 'Các chỉ tiêu hoạt động',
  operationalCaption: (period: string) => `Các chỉ tiêu hoạt động, ${period.toLowerCase()}`,
  colIndicator: 'Chỉ tiêu',
  colTotal: 'Tổng',
  colFemale: 'Nữ',
  colMale: 'Nam',
  colTarget: 'Mục tiêu',
  colProgress: 'Tiến độ',
  colUnit: 'Đơn vị',
  sensitive: 'nhạy cảm',
  yes: 'Có',
  no: 'Không',
  measures: {} as Record<string, string>,
  targetNational: (year: number) => `Nghị quyết 28, năm ${year}`,
  targetUnit: (year: number) => `của đơn vị, năm ${year}`,
  noTarget: 'Chưa đặt',
  suppressedTitle: (t: number) => `Được ẩn: số nhỏ hơn ${t} hoặc ẩn kèm để bảo vệ nạn nhân`,
  suppressionNote: (t: number) =>
    `“<${t}”: số liệu được ẩn. Với các chỉ tiêu nhạy cảm (bạo lực trên cơ sở giới, mua bán người…), số từ 1 đến ${t - 1} được ẩn để không ai nhận ra nạn nhân; khi cần, một số khác trong cùng bảng cũng được ẩn kèm, để không thể tính ngược ra số nhỏ từ tổng và các số còn lại.`,
  noDataDash: '“—”: chưa có số liệu đã phê duyệt (không phải số 0).',
  progress: {
    noTarget: 'Chưa đặt mục tiêu',
    noData: 'Chưa có số liệu',
    hidden: 'Số liệu được ẩn',
    met: (p: string) => `Đạt (${p}% mục tiêu)`,
    notMet: (p: string) => `Chưa đạt: ${p}% mục tiêu`,
    withinCeiling: 'Đạt (trong ngưỡng)',
    overCeiling: (p: string | null) => (p === null ? 'Chưa đạt: vượt ngưỡng' : `Chưa đạt: vượt ngưỡng ${p}%`),
    near: 'Đạt (sát mục tiêu)',
    far: (higher: boolean, p: string | null) => `Chưa đạt: ${higher ? 'cao hơn' : 'thấp hơn'} mục tiêu${p === null ? '' : ` ${p}%`}`,
  },
  chartsHeading: 'Biểu đồ',
  chartsLead: 'Mỗi biểu đồ có mô tả bằng lời cho trình đọc màn hình và bảng số liệu tương ứng ngay bên dưới.',
  chartByChild: (name: string) => `${name} theo đơn vị trực thuộc`,
  chartBySex: (name: string) => `${name} theo giới`,
  chartImage: 'Biểu đồ cột ngang',
  chartTable: 'Bảng số liệu của biểu đồ',
  chartValue: (unit: string) => `Giá trị (${unit})`,
  chartNoData: 'Chưa có số liệu',
  chartHidden: (t: number) => `ẩn (<${t})`,
  chartTarget: (v: string) => `Mục tiêu ${v}`,
  chartMissing: (n: number) => `${n} đơn vị chưa có số liệu.`,
  chartHiddenCount: (n: number) => `${n} đơn vị có số liệu được ẩn.`,
  noCharts: 'Chưa có số liệu đã phê duyệt để vẽ biểu đồ.',
  childrenTableHeading: 'Số liệu từng đơn vị trực thuộc',
  childrenTableCaption: (period: string) => `Tổng số của từng đơn vị trực thuộc theo chỉ tiêu, ${period.toLowerCase()}`,
  childrenTableTotal: (unit: string) => `Tổng ${unit}`,
  childrenTableNote: 'Chỉ liệt kê các đơn vị có số liệu đã phê duyệt trong kỳ.',
  noChildData: 'Chưa có đơn vị trực thuộc nào có số liệu đã phê duyệt trong kỳ này.',
  completenessHeading: 'Tình hình gửi báo cáo',
  completenessLead: (period: string) => `Báo cáo ${period.toLowerCase()} của các đơn vị phải báo cáo lên đơn vị này.`,
  expected: 'Phải gửi',
  submitted: 'Đã gửi',
  approved: 'Đã phê duyệt',
  onTime: 'Đúng hạn',
  late: 'Gửi muộn',
  notReportedList: (n: number) => `Chưa gửi báo cáo (${n})`,
  allReported: 'Tất cả đơn vị đã gửi báo cáo.',
  actionMonthHeading: 'Tháng hành động vì bình đẳng giới',
  actionMonthWindow: (year: number) =>
    `Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm ${year} diễn ra từ 15/11 đến 15/12/${year}.`,
  actionMonthEmpty:
    'Các hoạt động của đơn vị trong Tháng hành động sẽ được công khai tại đây khi được ghi nhận trên hệ thống; hiện chưa có hoạt động nào được ghi nhận.',
  downloadsHeading: 'Tải dữ liệu',
  downloadResults: (period: string) => `Kết quả các chỉ tiêu, ${period.toLowerCase()}`,
  downloadPlans: 'Danh sách kế hoạch đã ban hành của đơn vị và các đơn vị trực thuộc',
  csv: 'CSV',
  json: 'JSON',
  columnsDocumented: 'Mô tả các cột: danh mục bộ dữ liệu',
  licenceHeading: 'Giấy phép',
  licence:
    'Dữ liệu công khai theo giấy phép Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0): được sao chép, dùng lại, ghi rõ nguồn “Bình Đẳng – UBND các cấp”.',
  licenceLink: 'Nội dung giấy phép CC BY 4.0',

  // Plan page
  planPageTitle: (name: string) => `${name} — Bình Đẳng`,
  planStatusIssued: 'Đã ban hành',
  planStatusSuperseded: 'Đã được thay thế bằng bản sửa đổi',
  planIssuedOn: (d: string) => `Ban hành ngày ${d}`,
  planDocx: 'Tải văn bản (.docx) theo thể thức Nghị định 30/2020',
  planPrintTip: 'Để in khổ A4, dùng chức năng In của trình duyệt (Ctrl + P).',
  planUnitLink: (unit: string) => `Trang công khai của ${unit}`,
  planResultsLink: (unit: string, year: number) => `Kết quả các chỉ tiêu của ${unit} năm ${year}`,
  planDocumentHeading: 'Toàn văn kế hoạch',
  planDocumentLangNote: '',
  planJump: 'Tiến độ thực hiện nhiệm vụ',
  assignmentsHeading: 'Phân công thực hiện',
  assignmentsLead: (a: number, d: number, u: number) => `${a} mục giao việc, ${d} nhiệm vụ, ${u} đơn vị được giao.`,
  assignmentsCaption: 'Số nhiệm vụ mỗi đơn vị chủ trì hoặc phối hợp',
  lead: 'Chủ trì',
  support: 'Phối hợp',
  unitsCount: (n: number) => `${n} đơn vị`,
  progressHeading: 'Tiến độ thực hiện nhiệm vụ',
  progressAsOf: (d: string) => `Tình hình đến ngày ${d}. Mỗi nhiệm vụ được giao cho một hoặc nhiều đơn vị; bảng đếm số đơn vị theo tình trạng.`,
  progressCaption: 'Số đơn vị theo tình trạng thực hiện của từng nhiệm vụ',
  colDuty: 'Nhiệm vụ',
  colDue: 'Thời hạn',
  colUnits: 'Số đơn vị',
  colDone: 'Hoàn thành',
  colInProgress: 'Đang thực hiện',
  colNotStarted: 'Chưa bắt đầu',
  colOverdue: 'Quá hạn',
  progressTotals: (done: number, total: number, overdue: number) =>
    `${done}/${total} lượt giao việc đã hoàn thành; ${overdue} quá hạn chưa hoàn thành.`,
  noDuties: 'Kế hoạch chưa có nhiệm vụ được theo dõi.',
  downloadProgress: 'Tiến độ thực hiện nhiệm vụ',
  noDueDate: 'Không ghi',

  // Errors
  notFoundHeading: 'Không tìm thấy trang',
  errorHeading: 'Có lỗi xảy ra',
  unitNotFound: (id: string) => `Không có đơn vị “${id}” trên trang công khai.`,
  planNotFound: (id: string) =>
    `Không có kế hoạch đã ban hành với mã “${id}”. Kế hoạch chưa ban hành (dự thảo) không được công khai.`,
  unavailable: 'Không kết nối được tới máy chủ dữ liệu. Vui lòng thử lại sau ít phút.',
  backHome: 'Về trang chủ',
  backHomeHint: 'để chọn tỉnh, huyện, xã',
  errorCode: (s: number) => `Lỗi ${s}`,
};

export type Dictionary = typeof vi;

const en: Dictionary = {
  siteName: 'Bình Đẳng',
  tagline: 'Local gender-equality plans',
  skipLink: 'Skip to main content',
  mainNav: 'Main navigation',
  navHome: 'Home',
  navTree: 'Administrative units',
  navApi: 'API',
  signIn: 'Sign in',
  signInHint: 'for staff',
  switchTo: 'Tiếng Việt',
  switchToLang: 'vi',
  switchLabel: 'Xem trang này bằng tiếng Việt (Vietnamese)',
  footerAbout: 'a platform for drawing up, assigning and following local plans for gender equality and the advancement of women.',
  footerDemo:
    'This is a demonstration. The 2024 plan of Lâm Thao district is taken from the real document; the communes’ figures are invented sample data, not checked against official sources.',

  homeTitle: 'Bình Đẳng — Open gender-equality plans and results of provinces, districts and communes',
  homeDescription:
    'Issued gender-equality plans, progress of their duties, and indicator results against the targets of Resolution 28/NQ-CP for provinces, districts and communes; open data to download.',
  homeHeading: 'Local gender-equality plans and results',
  homeLead:
    'Citizens, journalists and members of the people’s councils can see here, without an account, what each unit promised and what it did: issued plans, progress of their duties, and indicator results against the targets of the National Strategy on Gender Equality (Resolution 28/NQ-CP). Only approved figures are published; small counts of sensitive indicators are hidden to protect victims.',
  provincesHeading: 'Choose a province',
  provincePage: 'The province’s public page',
  inForce: 'in force',
  formedFrom: 'Formed from',
  directUnits: 'Administrative units under it',
  noDirectUnits: 'No administrative units under it on the system yet.',
  plansIssuedCount: (n: number) => (n === 0 ? 'No plan issued yet' : `${n} plan${n === 1 ? '' : 's'} issued in the province`),
  recentPlans: 'Recently issued plans',
  dataPeriods: 'Figures for',
  noDataPeriods: 'No approved figures yet',
  openDataHeading: 'Open data',
  openDataLead: 'Every table on the public pages can be downloaded as CSV and JSON (UTF-8, with documented columns) under the CC BY 4.0 licence.',
  catalogue: 'Dataset catalogue (Frictionless Data Package, datapackage.json)',
  apiDocs: 'Public API documentation (/api/v1/public, OpenAPI)',
  indicatorCatalogue: 'Indicators and the targets of Resolution 28 (JSON)',
  staffHeading: 'Staff workspace',
  staffLead: 'Shown only when signed in: the whole unit tree and the plans, including the drafts you may read.',

  breadcrumbLabel: 'You are here',
  onThisPage: 'On this page',
  kindNames: { province: 'Province', district: 'District level', commune: 'Commune level', agency: 'Agency or organisation' },
  validity: (from: string | null, to: string | null) => (from && to ? `in force ${from} – ${to}` : to ? `in force until ${to}` : from ? `in force from ${from}` : ''),
  successorNotice: (from: string) => `From ${from} merged into`,
  predecessorsNotice: 'Formed from',
  viewChooser: 'Choose the period of the figures and the day of the unit tree',
  periodField: 'Period',
  atField: 'Unit tree on',
  atHint: 'Shows the units under this one as they were on that day (e.g. before or after the merger of 1 July 2025).',
  show: 'Show',
  invalidAt: (v: string) => `“${v}” is not a valid date; showing the default day.`,
  childrenHeading: 'Units under it',
  childrenAsOf: (d: string) => `The units under this one on ${d}. Choose one to see its plans and results.`,
  noChildren: 'No administrative units under it on that day.',
  agenciesHeading: 'Agencies and organisations with duties',
  plansHeading: 'Issued plans',
  ownPlans: (unit: string) => `Plans issued by ${unit}`,
  noOwnPlans: 'The unit has not issued any plan on the system.',
  upperPlans: 'Plans of the levels above that apply to this unit',
  lowerPlans: 'Plans of the units under it',
  planNumber: (n: string) => `No. ${n}`,
  planYear: (y: number) => `Year ${y}`,
  superseded: 'superseded',
  dutyProgressSummary: (done: number, total: number, overdue: number) =>
    `Duty progress: ${done} of ${total} assignments done${overdue ? `, ${overdue} overdue` : ''}`,
  resultsHeading: (period: string) => `Indicator results — ${period}`,
  asOf: (d: string) => `Figures as of ${d}`,
  asOfNone: 'No figures approved yet.',
  resultsLead: 'Only figures of approved reports; reports not yet approved are not counted. “—”: no figure (not zero).',
  noPeriods: 'The unit has no approved figures for any period.',
  noPeriodsSeeOthers: 'Figures of earlier or later times are found at:',
  periodNotExisting: (unit: string, period: string) => `${unit} did not exist in ${period}.`,
  periodSeeInstead: 'Figures for this period are found at:',
  nq28Heading: 'Targets of the National Strategy on Gender Equality (Resolution 28/NQ-CP)',
  nq28Caption: (period: string) => `Indicators of Resolution 28/NQ-CP, ${period}, against their targets`,
  objectives: {
    1: 'Objective 1 — Politics',
    2: 'Objective 2 — Economy and labour',
    3: 'Objective 3 — Family life and gender-based violence',
    4: 'Objective 4 — Health care',
    5: 'Objective 5 — Education and training',
    6: 'Objective 6 — Information and communication',
  },
  operationalHeading: 'Activity indicators',
  operationalCaption: (period: string) => `Activity indicators, ${period}`,
  colIndicator: 'Indicator',
  colTotal: 'Total',
  colFemale: 'Female',
  colMale: 'Male',
  colTarget: 'Target',
  colProgress: 'Progress',
  colUnit: 'Unit',
  sensitive: 'sensitive',
  yes: 'Yes',
  no: 'No',
  measures: {
    người: 'people',
    bài: 'articles',
    phút: 'minutes',
    lớp: 'classes',
    'mô hình': 'models',
    vụ: 'cases',
    cuộc: 'events',
    'cơ quan': 'agencies',
    'cơ sở': 'facilities',
    ca: 'cases',
    lần: 'times',
    'tỷ số': 'ratio',
    'trên 100.000': 'per 100,000',
    'có/không': 'yes/no',
    'chưa xác định': 'unspecified',
  },
  targetNational: (year: number) => `Resolution 28, ${year}`,
  targetUnit: (year: number) => `the unit’s own, ${year}`,
  noTarget: 'None set',
  suppressedTitle: (t: number) => `Hidden: a count below ${t}, or hidden with one to protect victims`,
  suppressionNote: (t: number) =>
    `“<${t}”: figure hidden. For sensitive indicators (gender-based violence, human trafficking…), counts from 1 to ${t - 1} are hidden so that no victim can be recognised; where needed, one more figure of the same table is hidden too, so that a small count cannot be worked out from the totals and the other figures.`,
  noDataDash: '“—”: no approved figure (not zero).',
  progress: {
    noTarget: 'No target set',
    noData: 'No figure yet',
    hidden: 'Figure hidden',
    met: (p: string) => `Met (${p}% of target)`,
    notMet: (p: string) => `Not met: ${p}% of target`,
    withinCeiling: 'Met (within the limit)',
    overCeiling: (p: string | null) => (p === null ? 'Not met: above the limit' : `Not met: ${p}% above the limit`),
    near: 'Met (close to target)',
    far: (higher: boolean, p: string | null) => `Not met: ${p === null ? '' : `${p}% `}${higher ? 'above' : 'below'} target`,
  },
  chartsHeading: 'Charts',
  chartsLead: 'Each chart has a text description for screen readers and the same figures in a table right below it.',
  chartByChild: (name: string) => `${name}, by unit`,
  chartBySex: (name: string) => `${name}, by sex`,
  chartImage: 'Horizontal bar chart',
  chartTable: 'Table of the chart’s figures',
  chartValue: (unit: string) => `Value (${unit})`,
  chartNoData: 'No figure yet',
  chartHidden: (t: number) => `hidden (<${t})`,
  chartTarget: (v: string) => `Target ${v}`,
  chartMissing: (n: number) => `${n} unit${n === 1 ? '' : 's'} without figures.`,
  chartHiddenCount: (n: number) => `${n} unit${n === 1 ? '' : 's'} with hidden figures.`,
  noCharts: 'No approved figures to chart yet.',
  childrenTableHeading: 'Figures of each unit under it',
  childrenTableCaption: (period: string) => `Totals of each unit under it by indicator, ${period}`,
  childrenTableTotal: (unit: string) => `Total, ${unit}`,
  childrenTableNote: 'Only the units with approved figures for the period are listed.',
  noChildData: 'No unit under it has approved figures for this period yet.',
  completenessHeading: 'Reporting completeness',
  completenessLead: (period: string) => `Reports for ${period} owed to this unit.`,
  expected: 'Expected',
  submitted: 'Submitted',
  approved: 'Approved',
  onTime: 'On time',
  late: 'Late',
  notReportedList: (n: number) => `Not reported yet (${n})`,
  allReported: 'Every unit has reported.',
  actionMonthHeading: 'Action Month for Gender Equality',
  actionMonthWindow: (year: number) =>
    `The ${year} Action Month for Gender Equality and the prevention of and response to gender-based violence runs from 15 November to 15 December ${year}.`,
  actionMonthEmpty: 'The unit’s Action Month activities will be published here once they are recorded on the system; none has been recorded yet.',
  downloadsHeading: 'Download the data',
  downloadResults: (period: string) => `Indicator results, ${period}`,
  downloadPlans: 'Issued plans of the unit and the units under it',
  csv: 'CSV',
  json: 'JSON',
  columnsDocumented: 'Columns are described in the dataset catalogue',
  licenceHeading: 'Licence',
  licence: 'Open data under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): free to copy and reuse, crediting “Bình Đẳng – People’s Committees”.',
  licenceLink: 'The CC BY 4.0 licence',

  planPageTitle: (name: string) => `${name} — Bình Đẳng`,
  planStatusIssued: 'Issued',
  planStatusSuperseded: 'Superseded by an amendment',
  planIssuedOn: (d: string) => `Issued on ${d}`,
  planDocx: 'Download the document (.docx, Decree 30/2020 layout)',
  planPrintTip: 'To print on A4, use the browser’s Print command (Ctrl + P).',
  planUnitLink: (unit: string) => `Public page of ${unit}`,
  planResultsLink: (unit: string, year: number) => `Indicator results of ${unit}, ${year}`,
  planDocumentHeading: 'Full text of the plan',
  planDocumentLangNote: 'The plan is an official document in Vietnamese and is shown as issued.',
  planJump: 'Progress of the duties',
  assignmentsHeading: 'Assignments',
  assignmentsLead: (a: number, d: number, u: number) => `${a} assignments, ${d} duties, ${u} units assigned.`,
  assignmentsCaption: 'Duties each unit leads or supports',
  lead: 'Leads',
  support: 'Supports',
  unitsCount: (n: number) => `${n} units`,
  progressHeading: 'Progress of the duties',
  progressAsOf: (d: string) => `Situation on ${d}. Each duty is assigned to one or more units; the table counts the units by state.`,
  progressCaption: 'Units by state of each duty',
  colDuty: 'Duty',
  colDue: 'Due',
  colUnits: 'Units',
  colDone: 'Done',
  colInProgress: 'In progress',
  colNotStarted: 'Not started',
  colOverdue: 'Overdue',
  progressTotals: (done: number, total: number, overdue: number) => `${done} of ${total} assignments done; ${overdue} overdue and not done.`,
  noDuties: 'The plan has no tracked duties yet.',
  downloadProgress: 'Progress of the duties',
  noDueDate: 'None',

  notFoundHeading: 'Page not found',
  errorHeading: 'Something went wrong',
  unitNotFound: (id: string) => `There is no unit “${id}” on the public site.`,
  planNotFound: (id: string) => `There is no issued plan with the id “${id}”. Plans that are not issued (drafts) are not public.`,
  unavailable: 'The data server cannot be reached. Please try again in a few minutes.',
  backHome: 'Back to the home page',
  backHomeHint: 'to choose a province, district or commune',
  errorCode: (s: number) => `Error ${s}`,
};

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

export function dictionary(lang: Lang): Dictionary {
  return DICTIONARIES[lang];
}
