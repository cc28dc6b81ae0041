import { describe, expect, it } from 'vitest';
import type { OrgUnit, PlanContent } from '@binh-dang/domain';
import { applyAnswers, assignableUnits, describePath, foldText, missingRequired, parseAuthority, reviewProblems, suggestUnits, withUnits } from './review';

const base = { code: null, validFrom: null, successorId: null, provenance: 'demo' as const, note: null, sortOrder: 0 };
const district: OrgUnit = { ...base, id: 'huyen', name: 'Huyện Lâm Thao', shortName: 'Lâm Thao', kind: 'district', localKind: 'huyện', parentId: 'tinh', path: '/tinh/huyen/', validTo: '2025-06-30' };
const agency = (id: string, name: string): OrgUnit => ({ ...base, id, name, shortName: name, kind: 'agency', localKind: 'phòng', parentId: 'huyen', path: `/tinh/huyen/${id}/`, validTo: '2025-06-30' });
const commune = (id: string, name: string, validTo: string | null = '2025-06-30'): OrgUnit => ({ ...base, id, name, shortName: name.replace(/^(Xã|Thị trấn) /, ''), kind: 'commune', localKind: 'xã', parentId: 'huyen', path: `/tinh/huyen/${id}/`, validTo });

const units = [
  district,
  agency('ldtbxh', 'Phòng Lao động - Thương binh và Xã hội huyện Lâm Thao'),
  agency('vhtt', 'Phòng Văn hoá và Thông tin huyện Lâm Thao'),
  agency('ttvh', 'Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện Lâm Thao'),
  agency('ban', 'Ban Vì sự tiến bộ của phụ nữ huyện Lâm Thao'),
  agency('mttq', 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện Lâm Thao'),
  agency('hoi', 'Hội Liên hiệp phụ nữ huyện Lâm Thao'),
  agency('ca', 'Công an huyện Lâm Thao'),
  commune('tt', 'Thị trấn Lâm Thao'),
  commune('cx', 'Xã Cao Xá'),
  { ...commune('later', 'Xã Bản Nguyên', null), validFrom: '2025-07-01' },
];
const candidates = assignableUnits(units, district, 2024);

describe('suggestUnits', () => {
  it('reads the units the headings of the Lâm Thao plan name', () => {
    const s = (heading: string) => suggestUnits(heading, candidates, district);
    expect(s('Phòng Lao động - Thương binh và Xã hội huyện (cơ quan thường trực Ban vì sự tiến bộ của phụ nữ huyện)')).toEqual(['ldtbxh']);
    expect(s('Phòng Văn hoá và Thông tin; Trung tâm Văn hóa - Thể thao- Du lịch và Truyền thông huyện')).toEqual(['vhtt', 'ttvh']);
    expect(s('Các phòng, ban, ngành có liên quan, các thành viên Ban vì sự tiến bộ phụ nữ huyện')).toEqual(['ban']);
    expect(s('Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp phụ nữ huyện và các tổ chức thành viên')).toEqual(['mttq', 'hoi']);
    expect(s('Công an huyện')).toEqual(['ca']);
    // Only the communes in force in the plan year.
    expect(s('UBND các xã, thị trấn')).toEqual(['tt', 'cx']);
    expect(s('UBND xã Cao Xá')).toEqual(['cx']);
    expect(s('Phòng Tư pháp huyện')).toEqual([]);
  });

  it('keeps the roles of units already chosen', () => {
    const content = { implementation: { heading: 'x', assignments: [{ units: [{ orgUnitId: 'a', role: 'support' }] }] } } as unknown as PlanContent;
    expect(withUnits(content, [['a', 'b']]).implementation.assignments[0]!.units).toEqual([
      { orgUnitId: 'a', role: 'support' },
      { orgUnitId: 'b', role: 'lead' },
    ]);
  });
});

describe('the fields to fill', () => {
  const content = {
    header: { parentBody: null, issuingBody: '', number: null, typeCode: 'KH', issuerCode: '', place: '', date: { year: 2025, month: null, day: null } },
    documentType: 'KẾ HOẠCH',
    title: 'Thực hiện công tác bình đẳng giới',
    signature: null,
  } as unknown as PlanContent;

  it('are the errors and the flagged header and signature, with readable messages', () => {
    const review = reviewProblems(
      content,
      [
        { path: 'content.header.issuingBody', message: 'Giá trị quá nhỏ hoặc quá ngắn, tối thiểu 1 (Too small: minimum 1)' },
        { path: 'content.legalBases.1.number', message: 'Giá trị quá nhỏ hoặc quá ngắn, tối thiểu 1 (Too small: minimum 1)' },
      ],
      ['header.parentBody', 'header.issuingBody', 'signature', 'recipients'],
    );
    expect(review.fields.map((f) => f.path)).toEqual(['header.parentBody', 'header.issuingBody', 'signature.authority', 'signature.title', 'signature.name']);
    expect(review.fields[1]!.errors).toEqual(['Chưa có cơ quan ban hành: vui lòng nhập.']);
    expect(review.other).toEqual(['Căn cứ 2 › số, ký hiệu: Giá trị quá nhỏ hoặc quá ngắn, tối thiểu 1']);
  });

  it('are applied to the content; the signature only when given', () => {
    const answers = new Map([
      ['header.parentBody', ''],
      ['header.issuingBody', ' ỦY BAN NHÂN DÂN HUYỆN LÂM THAO '],
      ['signature.authority', 'TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH'],
      ['signature.title', 'PHÓ CHỦ TỊCH'],
      ['signature.name', 'Ngô Đức Sáu'],
    ]);
    const { content: next, errors } = applyAnswers(content, answers);
    expect(errors).toEqual([]);
    expect(next.header.parentBody).toBeNull();
    expect(next.header.issuingBody).toBe('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO');
    expect(next.signature).toEqual({
      authority: [
        { prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' },
        { prefix: 'KT.', text: 'CHỦ TỊCH' },
      ],
      title: 'PHÓ CHỦ TỊCH',
      name: 'Ngô Đức Sáu',
    });
    expect(applyAnswers(content, new Map([['signature.title', ''], ['signature.name', '']])).content.signature).toBeNull();
    expect(parseAuthority('CHỦ TỊCH').bad).toEqual(['CHỦ TỊCH']);
    expect(missingRequired(next)).toEqual([
      { path: 'body.content.header.issuerCode', message: 'Chưa có ký hiệu cơ quan ban hành: vui lòng nhập.' },
      { path: 'body.content.header.place', message: 'Chưa có địa danh: vui lòng nhập.' },
    ]);
  });
});

it('folds Vietnamese for comparison', () => {
  expect(foldText('Phòng Văn hoá')).toBe(foldText('Phòng Văn hóa'));
  expect(foldText('Thể thao- Du lịch')).toBe('the thao du lich');
  expect(describePath('implementation.assignments.2.duties.0.text')).toBe('Tổ chức thực hiện › Phân công 3 › nhiệm vụ 1 › nội dung');
  expect(describePath('header.date')).toBe('Phần đầu › ngày tháng');
  expect(describePath('closing')).toBe('Đoạn kết');
});
