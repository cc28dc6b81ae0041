// Indicator catalogue (chỉ tiêu): the Nghị quyết 28/NQ-CP targets for 2025 and 2030 and the
// operational counts a local plan reports, each with the rule that rolls it up the org tree.
import { z } from 'zod';

/**
 * Units. Validation reads meaning from the unit (see `unitKind`), so a unit is a closed list;
 * 'chưa xác định' is only for placeholders whose unit is still to be confirmed.
 */
export const indicatorUnits = [
  '%',
  'người',
  'bài',
  'phút',
  'lớp',
  'mô hình',
  'vụ',
  'cuộc',
  'cơ quan',
  'cơ sở',
  'ca',
  'VND',
  'lần',
  'tỷ số',
  'trên 100.000',
  'có/không',
  'chưa xác định',
] as const;
export type IndicatorUnit = (typeof indicatorUnits)[number];

export type UnitKind = 'percent' | 'count' | 'money' | 'quantity' | 'boolean' | 'unknown';

/** Counts are whole numbers ≥ 0; 'phút' is a quantity (2.5 minutes of airtime is real). */
export function unitKind(unit: IndicatorUnit): UnitKind {
  switch (unit) {
    case '%':
      return 'percent';
    case 'người':
    case 'bài':
    case 'lớp':
    case 'mô hình':
    case 'vụ':
    case 'cuộc':
    case 'cơ quan':
    case 'cơ sở':
    case 'ca':
      return 'count';
    case 'VND':
      return 'money';
    case 'phút':
    case 'lần':
    case 'tỷ số':
    case 'trên 100.000':
      return 'quantity';
    case 'có/không':
      return 'boolean';
    case 'chưa xác định':
      return 'unknown';
  }
}

export const indicatorCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*(?:[-.][A-Z0-9]+)+$/, {
    message: 'Mã chỉ tiêu không hợp lệ, ví dụ NQ28-1.1, OP-ARTICLES (Invalid indicator code)',
  });

export const aggregationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum') }),
  z.object({
    kind: z.literal('ratio'),
    numerator: indicatorCodeSchema,
    denominator: indicatorCodeSchema,
    /** 100 for a percentage, 100000 for "per 100,000", 1 for a plain ratio. */
    scale: z.union([z.literal(100), z.literal(1), z.literal(100000)]),
  }),
  z.object({ kind: z.literal('latest') }),
]);
export type Aggregation = z.infer<typeof aggregationSchema>;

/**
 * Comparators as the resolution writes them. '=' is a bare value ("60%", "1.7×"): the source
 * gives no sign, so progress is read with the indicator's polarity, not as strict equality.
 */
export const targetComparators = ['>=', '>', '<=', '<', '=', '~'] as const;
export type TargetComparator = (typeof targetComparators)[number];

export const targetSchema = z.object({
  year: z.number().int().min(2000).max(2999),
  value: z.number().finite(),
  comparator: z.enum(targetComparators),
});
export type Target = z.infer<typeof targetSchema>;

const text = z.string().trim().min(1);

export const indicatorSchema = z.object({
  code: indicatorCodeSchema,
  nameVi: text,
  nameEn: text,
  unit: z.enum(indicatorUnits),
  aggregation: aggregationSchema,
  /** 'sex': values are reported as total, female and male. */
  disaggregation: z.enum(['none', 'sex']),
  polarity: z.enum(['higher-better', 'lower-better', 'target-range']),
  /** 'sensitive': small counts can identify victims; suppressed in public outputs. */
  sensitivity: z.enum(['public', 'sensitive']),
  source: text,
  /** Nghị quyết 28/NQ-CP objective 1–6, or null for operational indicators. */
  objective: z.number().int().min(1).max(6).nullable(),
  targets: z.array(targetSchema),
  verification: z.enum(['verified', 'to-confirm']),
  note: z.string().nullable(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

// ---------------------------------------------------------------------------------------------
// Catalogue

const NQ28 = 'Nghị quyết 28/NQ-CP ngày 03/3/2021; hướng dẫn Công văn 2792/LĐTBXH-BĐG';
const CONFIRM_NOTE =
  'Chỉ tiêu chưa xác minh: tên, đơn vị, chiều và giá trị mục tiêu cần quản trị viên xác nhận theo văn bản gốc ' +
  '(Unverified target: name, unit, polarity and target values to be confirmed by an administrator against the resolution)';

type Draft = Omit<Indicator, 'targets' | 'verification' | 'note' | 'sensitivity' | 'disaggregation'> &
  Partial<Pick<Indicator, 'targets' | 'verification' | 'note' | 'sensitivity' | 'disaggregation'>>;

function def(d: Draft): Indicator {
  return {
    disaggregation: 'none',
    sensitivity: 'public',
    targets: [],
    verification: 'verified',
    note: null,
    ...d,
  };
}

function t(y2025: [TargetComparator, number] | null, y2030: [TargetComparator, number] | null): Target[] {
  const out: Target[] = [];
  if (y2025) out.push({ year: 2025, comparator: y2025[0], value: y2025[1] });
  if (y2030) out.push({ year: 2030, comparator: y2030[0], value: y2030[1] });
  return out;
}

const share = (numerator: string, denominator: string): Aggregation => ({ kind: 'ratio', numerator, denominator, scale: 100 });
const SUM: Aggregation = { kind: 'sum' };
const LATEST: Aggregation = { kind: 'latest' };

function placeholder(code: string, objective: number, vi: string, en: string): Indicator {
  return def({
    code,
    nameVi: `${vi} — cần xác nhận`,
    nameEn: `${en} — to confirm`,
    unit: 'chưa xác định',
    aggregation: LATEST,
    polarity: 'higher-better',
    source: NQ28,
    objective,
    verification: 'to-confirm',
    note: CONFIRM_NOTE,
  });
}

/**
 * Nghị quyết 28/NQ-CP targets (verified values from docs/domain.md; six placeholders). Codes are
 * NQ28-<objective>.<n> in this catalogue's order, not the resolution's own target numbering.
 */
const strategyIndicators: Indicator[] = [
  def({
    code: 'NQ28-1.1',
    nameVi: 'Tỷ lệ cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ',
    nameEn: 'State agencies and local governments at every level with a woman among key leaders',
    unit: '%',
    aggregation: share('OP-AGENCIES-WOMAN-KEY-LEADER', 'OP-AGENCIES'),
    polarity: 'higher-better',
    source: NQ28,
    objective: 1,
    targets: t(['=', 60], ['=', 75]),
    note: 'Lãnh đạo chủ chốt chính quyền địa phương: Chủ tịch, Phó Chủ tịch HĐND và UBND cùng cấp; số liệu năm',
  }),
  def({
    code: 'NQ28-2.1',
    nameVi: 'Tỷ lệ lao động nữ làm công việc có hưởng lương',
    nameEn: "Women's share of wage employment",
    unit: '%',
    aggregation: LATEST,
    polarity: 'higher-better',
    source: `${NQ28}; số liệu điều tra lao động việc làm`,
    objective: 2,
    targets: t(['=', 50], ['~', 60]),
  }),
  def({
    code: 'NQ28-2.2',
    nameVi: 'Tỷ lệ lao động nữ có việc làm trong khu vực nông nghiệp',
    nameEn: 'Share of employed women working in agriculture',
    unit: '%',
    aggregation: LATEST,
    polarity: 'lower-better',
    source: `${NQ28}; số liệu điều tra lao động việc làm`,
    objective: 2,
    targets: t(['<', 30], ['<', 25]),
  }),
  def({
    code: 'NQ28-2.3',
    nameVi: 'Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã',
    nameEn: 'Women directors/owners of enterprises and cooperatives',
    unit: '%',
    aggregation: LATEST,
    polarity: 'higher-better',
    source: NQ28,
    objective: 2,
    targets: t(['>=', 27], ['=', 30]),
  }),
  def({
    code: 'NQ28-3.1',
    nameVi: 'Số giờ làm công việc nội trợ và chăm sóc không được trả công của phụ nữ so với nam giới',
    nameEn: "Unpaid care hours of women as a multiple of men's",
    unit: 'lần',
    aggregation: LATEST,
    polarity: 'lower-better',
    source: NQ28,
    objective: 3,
    targets: t(['=', 1.7], ['=', 1.4]),
  }),
  def({
    code: 'NQ28-3.2',
    nameVi: 'Tỷ lệ nạn nhân bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện tiếp cận ít nhất một dịch vụ hỗ trợ cơ bản',
    nameEn: 'Detected domestic/GBV victims reaching at least one basic support service',
    unit: '%',
    aggregation: share('OP-GBV-VICTIMS-SUPPORTED', 'OP-GBV-VICTIMS-DETECTED'),
    disaggregation: 'sex',
    polarity: 'higher-better',
    sensitivity: 'sensitive',
    source: NQ28,
    objective: 3,
    targets: t(['=', 80], ['=', 90]),
  }),
  def({
    code: 'NQ28-3.3',
    nameVi: 'Tỷ lệ người gây bạo lực được phát hiện (chưa bị truy cứu trách nhiệm hình sự) được tư vấn',
    nameEn: 'Detected perpetrators (not prosecuted) receiving counselling',
    unit: '%',
    aggregation: share('OP-GBV-PERPETRATORS-COUNSELLED', 'OP-GBV-PERPETRATORS-DETECTED'),
    polarity: 'higher-better',
    sensitivity: 'sensitive',
    source: NQ28,
    objective: 3,
    targets: t(['=', 50], ['=', 70]),
  }),
  def({
    code: 'NQ28-3.4',
    nameVi: 'Tỷ lệ nạn nhân bị mua bán trở về có nhu cầu được hỗ trợ',
    nameEn: 'Returned trafficking victims with needs who receive support',
    unit: '%',
    aggregation: share('OP-TRAFFICKING-VICTIMS-SUPPORTED', 'OP-TRAFFICKING-VICTIMS-IN-NEED'),
    polarity: 'higher-better',
    sensitivity: 'sensitive',
    source: NQ28,
    objective: 3,
    targets: t(['=', 100], ['=', 100]),
  }),
  def({
    code: 'NQ28-3.5',
    nameVi: 'Tỷ lệ cơ sở trợ giúp xã hội công lập triển khai hoạt động phòng ngừa, ứng phó bạo lực trên cơ sở giới',
    nameEn: 'Public social-assistance facilities running GBV prevention/response',
    unit: '%',
    aggregation: share('OP-SOCIAL-FACILITIES-GBV', 'OP-SOCIAL-FACILITIES'),
    polarity: 'higher-better',
    source: NQ28,
    objective: 3,
    targets: t(['=', 70], ['=', 100]),
  }),
  def({
    code: 'NQ28-4.1',
    nameVi: 'Tỷ số giới tính khi sinh (số bé trai trên 100 bé gái)',
    nameEn: 'Sex ratio at birth (boys per 100 girls)',
    unit: 'tỷ số',
    aggregation: LATEST,
    polarity: 'target-range',
    source: NQ28,
    objective: 4,
    targets: t(['<=', 111], ['<=', 109]),
    note: 'Mục tiêu là ngưỡng trên; tỷ số tự nhiên khoảng 104–106 (targets are upper bounds)',
  }),
  def({
    code: 'NQ28-4.2',
    nameVi: 'Tỷ số tử vong mẹ trên 100.000 trẻ đẻ sống',
    nameEn: 'Maternal mortality per 100,000 live births',
    unit: 'trên 100.000',
    aggregation: { kind: 'ratio', numerator: 'OP-MATERNAL-DEATHS', denominator: 'OP-LIVE-BIRTHS', scale: 100000 },
    polarity: 'lower-better',
    source: NQ28,
    objective: 4,
    targets: t(['=', 42], ['<', 42]),
  }),
  placeholder('NQ28-4.3', 4, 'Chỉ tiêu y tế chưa xác minh', 'Unverified health target'),
  def({
    code: 'NQ28-5.1',
    nameVi: 'Tỷ lệ trẻ em người dân tộc thiểu số hoàn thành giáo dục tiểu học',
    nameEn: 'Ethnic-minority children completing primary school',
    unit: '%',
    aggregation: LATEST,
    polarity: 'higher-better',
    source: NQ28,
    objective: 5,
    targets: t(['>', 90], ['~', 99]),
  }),
  def({
    code: 'NQ28-5.2',
    nameVi: 'Nội dung về giới, bình đẳng giới được đưa vào chương trình giáo dục quốc dân và đào tạo giáo viên',
    nameEn: 'Gender content in the national curriculum and teacher training',
    unit: 'có/không',
    aggregation: LATEST,
    polarity: 'higher-better',
    source: NQ28,
    objective: 5,
    targets: [{ year: 2025, comparator: '=', value: 1 }],
    note: 'Thực hiện từ năm 2025 (from 2025): 1 = có, 0 = không',
  }),
  placeholder('NQ28-5.3', 5, 'Chỉ tiêu giáo dục chưa xác minh 1', 'Unverified education target 1'),
  placeholder('NQ28-5.4', 5, 'Chỉ tiêu giáo dục chưa xác minh 2', 'Unverified education target 2'),
  placeholder('NQ28-5.5', 5, 'Chỉ tiêu giáo dục chưa xác minh 3', 'Unverified education target 3'),
  placeholder('NQ28-5.6', 5, 'Chỉ tiêu giáo dục chưa xác minh 4', 'Unverified education target 4'),
  def({
    code: 'NQ28-6.1',
    nameVi: 'Tỷ lệ dân số được tiếp cận kiến thức cơ bản về bình đẳng giới',
    nameEn: 'Population with access to basic gender-equality knowledge',
    unit: '%',
    aggregation: LATEST,
    polarity: 'higher-better',
    source: NQ28,
    objective: 6,
    targets: t(['=', 60], ['=', 80]),
  }),
  placeholder('NQ28-6.2', 6, 'Chỉ tiêu truyền thông thứ hai chưa xác minh', 'Unverified communication target 2'),
];

const REPORT = 'Báo cáo kết quả của đơn vị (unit report)';

function count(code: string, nameVi: string, nameEn: string, unit: IndicatorUnit, extra: Partial<Draft> = {}): Indicator {
  return def({ code, nameVi, nameEn, unit, aggregation: SUM, polarity: 'higher-better', source: REPORT, objective: null, ...extra });
}

/** Operational indicators implied by the plans and reports; NQ28 ratio components included. */
const operationalIndicators: Indicator[] = [
  count('OP-ARTICLES', 'Số tin, bài tuyên truyền đã đăng', 'Articles published', 'bài'),
  count('OP-AIRTIME-MINUTES', 'Thời lượng phát sóng', 'Airtime minutes', 'phút'),
  count('OP-TRAINING-CLASSES', 'Số lớp tập huấn, bồi dưỡng', 'Training classes held', 'lớp'),
  count('OP-TRAINING-PARTICIPANTS', 'Số lượt người tham gia tập huấn, truyền thông', 'Participants', 'người', {
    disaggregation: 'sex',
  }),
  count('OP-DV-PREVENTION-MODELS', 'Số mô hình phòng, chống bạo lực gia đình', 'Domestic-violence prevention models', 'mô hình'),
  count('OP-GBV-CASES-DETECTED', 'Số vụ bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện', 'GBV cases detected', 'vụ', {
    polarity: 'target-range',
    sensitivity: 'sensitive',
    note: 'Tăng có thể do phát hiện tốt hơn, không hẳn do bạo lực tăng (a rise may reflect better detection)',
  }),
  count('OP-GBV-VICTIMS-DETECTED', 'Số nạn nhân bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện', 'GBV victims detected', 'người', {
    disaggregation: 'sex',
    polarity: 'target-range',
    sensitivity: 'sensitive',
  }),
  count('OP-GBV-VICTIMS-SUPPORTED', 'Số nạn nhân được hỗ trợ ít nhất một dịch vụ cơ bản', 'GBV victims supported', 'người', {
    disaggregation: 'sex',
    sensitivity: 'sensitive',
  }),
  count('OP-GBV-PERPETRATORS-DETECTED', 'Số người gây bạo lực được phát hiện (chưa bị truy cứu hình sự)', 'Perpetrators detected (not prosecuted)', 'người', {
    polarity: 'target-range',
    sensitivity: 'sensitive',
  }),
  count('OP-GBV-PERPETRATORS-COUNSELLED', 'Số người gây bạo lực được tư vấn', 'Perpetrators counselled', 'người', {
    sensitivity: 'sensitive',
  }),
  count('OP-TRAFFICKING-CASES', 'Số vụ mua bán người', 'Trafficking cases', 'vụ', { polarity: 'lower-better', sensitivity: 'sensitive' }),
  count('OP-TRAFFICKING-VICTIMS-IN-NEED', 'Số nạn nhân bị mua bán trở về có nhu cầu hỗ trợ', 'Returned trafficking victims with needs', 'người', {
    polarity: 'target-range',
    sensitivity: 'sensitive',
  }),
  count('OP-TRAFFICKING-VICTIMS-SUPPORTED', 'Số nạn nhân bị mua bán trở về được hỗ trợ', 'Returned trafficking victims supported', 'người', {
    sensitivity: 'sensitive',
  }),
  count('OP-INSPECTIONS', 'Số cuộc thanh tra, kiểm tra về bình đẳng giới', 'Inspections', 'cuộc'),
  count('OP-VIOLATIONS-HANDLED', 'Số vụ vi phạm pháp luật về bình đẳng giới được xử lý', 'Violations handled', 'vụ', {
    polarity: 'target-range',
  }),
  count('OP-BUDGET-ALLOCATED', 'Kinh phí được giao', 'Budget allocated', 'VND'),
  count('OP-BUDGET-SPENT', 'Kinh phí đã thực hiện', 'Budget spent', 'VND'),
  count('OP-WOMEN-CADRES-PLANNED', 'Số cán bộ nữ trong quy hoạch', 'Women cadres planned', 'người'),
  count('OP-WOMEN-CADRES-APPOINTED', 'Số cán bộ nữ được bổ nhiệm', 'Women cadres appointed', 'người'),
  count('OP-AGENCIES', 'Số cơ quan quản lý nhà nước, chính quyền địa phương', 'State agencies and local governments', 'cơ quan', {
    polarity: 'target-range',
  }),
  count('OP-AGENCIES-WOMAN-KEY-LEADER', 'Số cơ quan, chính quyền có lãnh đạo chủ chốt là nữ', 'Agencies with a woman key leader', 'cơ quan'),
  count('OP-SOCIAL-FACILITIES', 'Số cơ sở trợ giúp xã hội công lập', 'Public social-assistance facilities', 'cơ sở', {
    polarity: 'target-range',
  }),
  count('OP-SOCIAL-FACILITIES-GBV', 'Số cơ sở trợ giúp xã hội công lập có hoạt động phòng ngừa, ứng phó bạo lực trên cơ sở giới', 'Facilities running GBV prevention/response', 'cơ sở'),
  count('OP-LIVE-BIRTHS', 'Số trẻ đẻ sống', 'Live births', 'người', { polarity: 'target-range' }),
  count('OP-MATERNAL-DEATHS', 'Số ca tử vong mẹ', 'Maternal deaths', 'ca', { polarity: 'lower-better', sensitivity: 'sensitive' }),
];

export const indicatorCatalogue: readonly Indicator[] = [...strategyIndicators, ...operationalIndicators];

// ---------------------------------------------------------------------------------------------
// Catalogue checks

export interface CatalogueProblem {
  code: string;
  message: string;
}

/** Structural problems of a catalogue: schema, duplicate codes, ratio components, cycles. */
export function checkCatalogue(list: readonly unknown[]): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const byCode = new Map<string, Indicator>();
  list.forEach((raw, index) => {
    const parsed = indicatorSchema.safeParse(raw);
    const code = parsed.success ? parsed.data.code : `#${index}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ code, message: `Sai cấu trúc tại ${issue.path.join('.')}: ${issue.message} (Invalid indicator)` });
      return;
    }
    if (byCode.has(code)) problems.push({ code, message: `Mã chỉ tiêu bị trùng: ${code} (Duplicate code)` });
    else byCode.set(code, parsed.data);
    const years = parsed.data.targets.map((x) => x.year);
    if (new Set(years).size !== years.length)
      problems.push({ code, message: 'Có hai mục tiêu cho cùng một năm (Two targets for one year)' });
  });

  for (const ind of byCode.values()) {
    const agg = ind.aggregation;
    if (agg.kind !== 'ratio') continue;
    if (agg.numerator === agg.denominator)
      problems.push({ code: ind.code, message: 'Tử số và mẫu số trùng nhau (Numerator equals denominator)' });
    for (const [role, ref] of [
      ['Tử số (numerator)', agg.numerator],
      ['Mẫu số (denominator)', agg.denominator],
    ] as const) {
      const comp = byCode.get(ref);
      if (!comp) problems.push({ code: ind.code, message: `${role} ${ref} không có trong danh mục (not in the catalogue)` });
      else if (comp.aggregation.kind !== 'sum')
        problems.push({ code: ind.code, message: `${role} ${ref} phải là chỉ tiêu cộng dồn (must be a 'sum' indicator)` });
      else if (ind.disaggregation === 'sex' && comp.disaggregation !== 'sex')
        problems.push({ code: ind.code, message: `${role} ${ref} phải phân tổ theo giới tính (must be disaggregated by sex)` });
    }
  }

  // Components must be sums, so a cycle also shows up above; the walk keeps the guarantee if that
  // rule is ever relaxed.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (code: string, trail: string[]): void => {
    const s = state.get(code);
    if (s === 'done') return;
    if (s === 'visiting') {
      problems.push({ code, message: `Vòng lặp tham chiếu: ${[...trail, code].join(' → ')} (Reference cycle)` });
      return;
    }
    state.set(code, 'visiting');
    const agg = byCode.get(code)?.aggregation;
    if (agg?.kind === 'ratio') for (const next of [agg.numerator, agg.denominator]) if (byCode.has(next)) visit(next, [...trail, code]);
    state.set(code, 'done');
  };
  for (const code of byCode.keys()) visit(code, []);
  return problems;
}
