import { describe, expect, it } from 'vitest';
import type { PlanContent } from '@binh-dang/domain';
import {
  applyOp,
  baseFingerprints,
  diffContent,
  markChange,
  nextLabel,
  parseOp,
  placeholderFields,
  readForm,
  sortErrors,
  splitParagraphs,
  takePart,
  toContent,
  toForm,
  type PlanForm,
} from './form.ts';
import { newPlanContent } from './new-plan.ts';

const content: PlanContent = {
  header: {
    parentBody: 'UBND TỈNH PHÚ THỌ',
    issuingBody: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
    number: null,
    typeCode: 'KH',
    issuerCode: 'UBND',
    place: 'Lâm Thao',
    date: { year: 2024, month: 4, day: null },
  },
  documentType: 'KẾ HOẠCH',
  title: 'Thực hiện công tác bình đẳng giới năm 2024',
  legalBases: [
    {
      verb: 'Thực hiện',
      documentKind: 'Văn bản',
      number: '1405/UBND-KGVX',
      issuedOn: '2024-04-11',
      issuer: 'UBND tỉnh Phú Thọ',
      summary: 'về triển khai công tác bình đẳng giới',
      text: 'Thực hiện Văn bản số 1405/UBND-KGVX, ngày 11/4/2024 của UBND tỉnh Phú Thọ về triển khai công tác bình đẳng giới',
      citedPlanId: null,
    },
  ],
  preambleClosing: 'Ủy ban nhân dân huyện xây dựng Kế hoạch như sau:',
  purposes: { heading: 'MỤC ĐÍCH, YÊU CẦU', items: [{ label: '1.', paragraphs: ['Mục đích một.'], children: [] }] },
  tasks: {
    heading: 'NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU',
    items: [
      { label: '1.', paragraphs: ['Nhiệm vụ một.', 'Đoạn hai.'], children: [{ label: 'a)', paragraphs: ['Con.'], children: [] }] },
      { label: '2.', paragraphs: ['Nhiệm vụ hai.'], children: [] },
      { label: '3.', paragraphs: ['Nhiệm vụ ba.'], children: [] },
    ],
  },
  implementation: {
    heading: 'TỔ CHỨC THỰC HIỆN',
    assignments: [
      {
        id: 'a1',
        label: '1.',
        heading: 'Phòng Lao động - Thương binh và Xã hội huyện',
        isRequest: false,
        style: 'bullets',
        units: [{ orgUnitId: 'phong-ldtbxh', role: 'lead' }],
        duties: [
          { id: 'a1-d1', text: 'Tham mưu.', role: 'lead', dueDate: null },
          { id: 'a1-d2', text: 'Phối hợp.', role: 'support', dueDate: '2024-11-15' },
        ],
      },
    ],
  },
  closing: 'Trên đây là Kế hoạch./.',
  reportDeadline: '2024-11-15',
  reportToUnitId: 'phong-ldtbxh',
  recipients: [
    { text: 'Sở LĐTB&XH (để b/c);', orgUnitId: 'so-ldtbxh' },
    { text: 'Lưu: VT, LĐTBXH.', orgUnitId: null },
  ],
  signature: {
    authority: [
      { prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' },
      { prefix: 'KT.', text: 'CHỦ TỊCH' },
    ],
    title: 'PHÓ CHỦ TỊCH',
    name: 'Ngô Đức Sáu',
  },
};

/** The form as the browser posts it: every field by its name (a checkbox only when ticked). */
function posted(form: PlanForm): FormData {
  const data = new FormData();
  const walk = (value: unknown, name: string) => {
    if (typeof value === 'string') data.append(name, value);
    else if (typeof value === 'boolean') {
      if (value) data.append(name, '1');
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${name}.${i}`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, name ? `${name}.${k}` : k);
  };
  walk(form, '');
  return data;
}

describe('the plan form', () => {
  it('reads back into the same content', () => {
    const { content: back, errors } = toContent(readForm(posted(toForm(content))));
    expect(errors).toEqual({});
    expect(back).toEqual(content);
  });

  it('keeps an imported citation only while its fields are unchanged', () => {
    const form = toForm(content);
    form.legalBases[0]!.number = '1406/UBND-KGVX';
    const { content: back } = toContent(readForm(posted(form)));
    expect(back.legalBases[0]?.text).toBeNull();
    expect(back.legalBases[0]?.number).toBe('1406/UBND-KGVX');
  });

  it('splits paragraphs on blank lines and joins the lines of one', () => {
    expect(splitParagraphs('Một\ndòng hai\n\n  \nHai.\n')).toEqual(['Một dòng hai', 'Hai.']);
    expect(splitParagraphs('   ')).toEqual([]);
  });

  it('reads recipients one a line, keeping their unit links, and checks signature lines', () => {
    const form = toForm(content);
    form.recipients = '- Sở LĐTB&XH (để b/c);\nUBND các xã;\n\n';
    form.signature.authority = 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH';
    const { content: back, errors } = toContent(form);
    expect(back.recipients).toEqual([
      { text: 'Sở LĐTB&XH (để b/c);', orgUnitId: 'so-ldtbxh' },
      { text: 'UBND các xã;', orgUnitId: null },
    ]);
    expect(errors['signature.authority']?.[0]).toContain('CHỦ TỊCH');
  });

  it('leaves the signature out when its fields are empty, and checks the year', () => {
    const form = toForm(content);
    form.signature = { authority: '', title: '', name: '' };
    form.header.date = { year: 'hai', month: '', day: '' };
    const { content: back, errors } = toContent(form);
    expect(back.signature).toBeNull();
    expect(back.header.date.month).toBeNull();
    expect(Object.keys(errors)).toEqual(['header.date.year']);
  });
});

describe('rows', () => {
  it('adds a numbered item and removes one, renumbering a plain sequence', () => {
    const form = toForm(content);
    expect(applyOp(form, { kind: 'add', list: 'tasks.items' })).toBe('tasks.items.3');
    expect(form.tasks.items.map((i) => i.label)).toEqual(['1.', '2.', '3.', '4.']);
    applyOp(form, { kind: 'remove', list: 'tasks.items', index: 1 });
    expect(form.tasks.items.map((i) => i.label)).toEqual(['1.', '2.', '3.']);
    expect(form.tasks.items[1]?.paragraphs).toBe('Nhiệm vụ ba.');
    applyOp(form, { kind: 'add', list: 'tasks.items.0.children' });
    expect(form.tasks.items[0]?.children.map((c) => c.label)).toEqual(['a)', 'b)']);
    applyOp(form, { kind: 'add', list: 'implementation.assignments.0.duties' });
    expect(form.implementation.assignments[0]?.duties).toHaveLength(3);
    expect(applyOp(form, { kind: 'add', list: 'nowhere.items' })).toBeNull();
  });

  it('reads the operation of the button pressed', () => {
    expect(parseOp('add:tasks.items')).toEqual({ kind: 'add', list: 'tasks.items' });
    expect(parseOp('remove:implementation.assignments.0.units.2')).toEqual({ kind: 'remove', list: 'implementation.assignments.0.units', index: 2 });
    expect(parseOp('save')).toBeNull();
    expect(nextLabel('đ)', true)).toBe('e)');
  });
});

describe('errors beside fields', () => {
  it('puts the API paths on the nearest field', () => {
    const form = toForm(content);
    const sorted = sortErrors(
      [
        { path: 'body.content.tasks.items.0.paragraphs.1', message: 'Quá ngắn (Too small)' },
        { path: 'body.content.title', message: 'Bắt buộc' },
        { path: 'body.content.implementation.assignments.0.duties', message: 'Giá trị quá nhỏ hoặc quá ngắn, tối thiểu 1 (Too small: minimum 1)' },
        { path: 'body.content.recipients.1.orgUnitId', message: 'Không có đơn vị' },
        { path: 'body.version', message: 'Sai phiên bản' },
      ],
      form,
      (t) => t.replace(/ \(.*\)$/, ''),
    );
    expect(sorted.fields).toEqual({
      'tasks.items.0.paragraphs': ['Quá ngắn'],
      title: ['Bắt buộc'],
      'implementation.assignments.0.duties': ['Mỗi mục giao việc cần ít nhất một nhiệm vụ.'],
      recipients: ['Không có đơn vị'],
    });
    expect(sorted.other).toEqual(['Sai phiên bản']);
  });
});

describe('what differs', () => {
  it('lists the parts that differ, in reading order', () => {
    const theirs: PlanContent = { ...content, title: 'Tiêu đề khác', tasks: { ...content.tasks, items: content.tasks.items.slice(0, 2) } };
    const rows = diffContent(content, theirs);
    expect(rows.map((r) => r.label)).toEqual(['Tên kế hoạch', 'Phần II, mục 3.']);
    expect(rows[1]).toMatchObject({ yours: '3. Nhiệm vụ ba.', theirs: null });
  });

  it('marks the changed words', () => {
    expect(markChange('Nhiệm vụ một mới.', 'Nhiệm vụ một cũ.')).toEqual({ before: 'Nhiệm vụ một ', changed: 'mới.', after: '' });
  });
});

describe('a new plan', () => {
  it('is valid content with placeholders to replace', () => {
    const fresh = newPlanContent({ name: 'Xã Cao Xá', kind: 'commune' }, { name: 'Huyện Lâm Thao', kind: 'district' }, 2024, 'Thực hiện công tác bình đẳng giới năm 2024');
    expect(fresh.header).toMatchObject({ parentBody: 'UBND HUYỆN LÂM THAO', issuingBody: 'ỦY BAN NHÂN DÂN XÃ CAO XÁ', place: 'Cao Xá' });
    expect(placeholderFields(toForm(fresh))).toEqual([
      'purposes.items.0.paragraphs',
      'tasks.items.0.paragraphs',
      'implementation.assignments.0.heading',
      'implementation.assignments.0.duties.0.text',
      'signature.name',
    ]);
  });
});

describe('after a conflict', () => {
  it('says who changed each part since the version opened, and takes the stored text of one part', () => {
    const base = baseFingerprints(content);
    const yours: PlanContent = { ...content, title: 'Tiêu đề của bạn' };
    const theirs: PlanContent = {
      ...content,
      title: 'Tiêu đề của người kia',
      tasks: { ...content.tasks, items: [content.tasks.items[0]!, { label: '2.', paragraphs: ['Người kia sửa.'], children: [] }, content.tasks.items[2]!] },
    };
    const rows = diffContent(yours, theirs, (id) => id, base);
    expect(rows.map((r) => [r.key, r.changedBy, r.takeable])).toEqual([
      ['title', 'both', true],
      ['tasks.items.1', 'them', true],
    ]);
    const values = toForm(yours);
    expect(takePart(values, toForm(theirs), 'tasks.items.1')).toBe(true);
    expect(values.tasks.items[1]?.paragraphs).toBe('Người kia sửa.');
    expect(values.title).toBe('Tiêu đề của bạn');
    expect(diffContent(toContent(values).content, theirs, (id) => id, base).map((r) => r.key)).toEqual(['title']);
    expect(takePart(values, toForm(theirs), 'tasks.items.9')).toBe(false);
  });
});
