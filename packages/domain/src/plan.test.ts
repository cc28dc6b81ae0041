import { describe, expect, it } from 'vitest';
import { legalBasisText, numberLine, planLabel, preambleText, signatureLines, type LegalBasis, type Plan } from './plan.ts';

const header: Plan['header'] = {
  parentBody: 'UBND TỈNH PHÚ THỌ',
  issuingBody: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
  number: '12',
  typeCode: 'KH',
  issuerCode: 'UBND',
  place: 'Lâm Thao',
  date: { year: 2024, month: 4, day: 5 },
};

function basis(over: Partial<LegalBasis> = {}): LegalBasis {
  return {
    verb: 'Thực hiện',
    documentKind: 'Kế hoạch',
    number: '45/KH-UBND',
    issuedOn: '2024-03-05',
    issuer: 'UBND tỉnh Phú Thọ',
    summary: 'về thực hiện công tác bình đẳng giới năm 2024',
    text: null,
    citedPlanId: null,
    ...over,
  };
}

describe('numberLine', () => {
  it('writes the number, type and issuer codes', () => {
    expect(numberLine(header)).toBe('Số: 12/KH-UBND');
  });

  it('leaves the number blank before issue', () => {
    expect(numberLine({ ...header, number: null })).toBe('Số: /KH-UBND');
  });
});

describe('legalBasisText', () => {
  it('uses the citation as written when there is one', () => {
    const text = 'Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;';
    expect(legalBasisText(basis({ text }))).toBe(text);
  });

  it('composes the citation from its parts, with a short date', () => {
    expect(legalBasisText(basis())).toBe(
      'Thực hiện Kế hoạch số 45/KH-UBND ngày 5/3/2024 của UBND tỉnh Phú Thọ về thực hiện công tác bình đẳng giới năm 2024',
    );
    expect(legalBasisText(basis({ issuedOn: '2024-11-15' }))).toContain(' ngày 15/11/2024 của ');
  });

  it('omits a missing date and summary', () => {
    expect(legalBasisText(basis({ issuedOn: null, summary: null }))).toBe('Thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh Phú Thọ');
  });

  it('ignores an empty citation text', () => {
    expect(legalBasisText(basis({ text: '' }))).toMatch(/^Thực hiện Kế hoạch số 45\/KH-UBND/);
  });
});

describe('preambleText', () => {
  it('joins the bases and the closing sentence with semicolons, lower-casing all but the first', () => {
    const plan = {
      legalBases: [
        basis({ text: 'Căn cứ Luật Bình đẳng giới năm 2006' }),
        basis({ issuedOn: null, summary: null }),
        basis({ text: 'Ủy ban nhân dân tỉnh đã chỉ đạo' }),
      ],
      preambleClosing: 'Ủy ban nhân dân huyện Lâm Thao xây dựng Kế hoạch thực hiện như sau:',
    };
    expect(preambleText(plan)).toBe(
      'Căn cứ Luật Bình đẳng giới năm 2006; thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh Phú Thọ; ủy ban nhân dân tỉnh đã chỉ đạo; ' +
        'Ủy ban nhân dân huyện Lâm Thao xây dựng Kế hoạch thực hiện như sau:',
    );
  });

  it('is empty without bases or closing, and the closing alone otherwise', () => {
    expect(preambleText({ legalBases: [], preambleClosing: null })).toBe('');
    expect(preambleText({ legalBases: [], preambleClosing: 'Như sau:' })).toBe('Như sau:');
    expect(preambleText({ legalBases: [basis({ text: 'Căn cứ A' })], preambleClosing: null })).toBe('Căn cứ A');
  });
});

describe('signatureLines', () => {
  it('puts authority lines above the title and the name', () => {
    expect(
      signatureLines({
        authority: [
          { prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' },
          { prefix: 'KT.', text: 'CHỦ TỊCH' },
        ],
        title: 'PHÓ CHỦ TỊCH',
        name: 'Nguyễn Văn An',
      }),
    ).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn An']);
  });

  it('works without authority lines', () => {
    expect(signatureLines({ authority: [], title: 'CHỦ TỊCH', name: 'Trần Thị Bình' })).toEqual(['CHỦ TỊCH', 'Trần Thị Bình']);
  });
});

describe('planLabel', () => {
  it('names an issued plan by its number', () => {
    expect(planLabel({ documentType: 'KẾ HOẠCH', header })).toBe('Kế hoạch số 12/KH-UBND');
  });

  it('marks a plan without number as not yet issued', () => {
    expect(planLabel({ documentType: 'KẾ HOẠCH', header: { ...header, number: null } })).toBe('Kế hoạch (chưa ban hành)');
  });
});
