// Demo org tree: the old Phú Thọ province with Lâm Thao district as it stood in 2024 (the seed
// plan's world), and the new two-level Phú Thọ from 01/07/2025 with Lâm Thao's four new communes.
// Names and GSO codes marked 'verified' come from source/lam-thao-units.json (GSO lists,
// Nghị quyết 1676/NQ-UBTVQH15); every other unit is 'demo' and says why in its note.
// Codes are reused across the 2025 reform (new xã Bản Nguyên has 08527, the old code of xã Cao
// Xá): ids are the key, never codes.
import type { OrgUnit } from '@binh-dang/domain';
import { pathOf } from '@binh-dang/domain';

/** Last day of the old units: the district level ended and the provinces merged on 01/07/2025. */
const END_2025_06 = '2025-06-30';
const START_2025_07 = '2025-07-01';

/** Ids of the units the seed plan and the tests refer to. */
export const UNIT = {
  province2024: 'tinh-phu-tho-1997',
  soLdtbxh: 'so-ldtbxh-phu-tho-1997',
  district: 'huyen-lam-thao',
  phongLdtbxh: 'phong-ldtbxh-lam-thao',
  phongTckh: 'phong-tckh-lam-thao',
  phongVhtt: 'phong-vhtt-lam-thao',
  ttVhttdltt: 'tt-vhttdltt-lam-thao',
  phongNoiVu: 'phong-noi-vu-lam-thao',
  congAn: 'cong-an-lam-thao',
  ubmttq: 'ubmttq-lam-thao',
  hoiLhpn: 'hoi-lhpn-lam-thao',
  banVstbpn: 'ban-vstbpn-lam-thao',
  vanPhong: 'vp-hdnd-ubnd-lam-thao',
  hdnd: 'hdnd-lam-thao',
  huyenUy: 'huyen-uy-lam-thao',
  province2025: 'tinh-phu-tho-2025',
  soNoiVu: 'so-noi-vu-phu-tho-2025',
} as const;

/** Lâm Thao's 12 commune-level units of 2024, in the order of the GSO list. */
export const COMMUNES_2024 = [
  'tt-lam-thao-2024',
  'xa-tien-kien-2024',
  'tt-hung-son-2024',
  'xa-xuan-lung-2024',
  'xa-xuan-huy-2024',
  'xa-thach-son-2024',
  'xa-son-vi-2024',
  'xa-phung-nguyen-2024',
  'xa-cao-xa-2024',
  'xa-vinh-lai-2024',
  'xa-tu-xa-2024',
  'xa-ban-nguyen-2024',
] as const;

/** The 4 communes that replaced them on 01/07/2025. */
export const COMMUNES_2025 = ['xa-lam-thao-2025', 'xa-xuan-lung-2025', 'xa-phung-nguyen-2025', 'xa-ban-nguyen-2025'] as const;

type Draft = Omit<OrgUnit, 'path'>;

function unit(fields: Partial<Draft> & Pick<Draft, 'id' | 'name' | 'shortName' | 'kind' | 'localKind' | 'parentId'>): Draft {
  return {
    code: null,
    validFrom: null,
    validTo: null,
    successorId: null,
    provenance: 'demo',
    note: null,
    sortOrder: 0,
    ...fields,
  };
}

// --- Before 01/07/2025 -------------------------------------------------------------------------

const province2024 = unit({
  id: UNIT.province2024,
  code: '25',
  name: 'Tỉnh Phú Thọ',
  shortName: 'Phú Thọ',
  kind: 'province',
  localKind: 'tỉnh',
  parentId: null,
  validFrom: '1997-01-01',
  validTo: END_2025_06,
  successorId: UNIT.province2025,
  provenance: 'verified',
  note: 'Tỉnh Phú Thọ before the 2025 merger; the unit itself stands for its People’s Committee (UBND tỉnh). Merged with Vĩnh Phúc and Hòa Bình into the new Tỉnh Phú Thọ on 01/7/2025.',
  sortOrder: 1,
});

const soLdtbxh = unit({
  id: UNIT.soLdtbxh,
  name: 'Sở Lao động - Thương binh và Xã hội tỉnh Phú Thọ',
  shortName: 'Sở LĐTB&XH',
  kind: 'agency',
  localKind: 'sở',
  parentId: UNIT.province2024,
  validTo: '2025-02-28',
  note: 'Provincial gender-equality lead until the Ministry of Labour was merged away on 01/3/2025 (Nghị định 25/2025/NĐ-CP moved the work to Bộ Nội vụ). The exact end date for Phú Thọ is unverified; recipient "Sở LĐTB&XH" of the seed plan.',
  sortOrder: 1,
});

const district = unit({
  id: UNIT.district,
  code: '237',
  name: 'Huyện Lâm Thao',
  shortName: 'Lâm Thao',
  kind: 'district',
  localKind: 'huyện',
  parentId: UNIT.province2024,
  validTo: END_2025_06,
  provenance: 'verified',
  note: 'Abolished on 01/7/2025 when the district level ended; it has no successor unit: its history rolls up to the province (Tỉnh Phú Thọ, then the new Tỉnh Phú Thọ). The unit itself stands for its People’s Committee (UBND huyện), the issuer of the seed plan.',
  sortOrder: 2,
});

const DISTRICT_AGENCY_NOTE =
  'Named in the seed plan; a standard district office of the time, its existence in Lâm Thao is not individually verified.';
const MERGE_NOTE = ' Some district offices were merged from 01/3/2025; the end date shown is the end of the district level.';

const districtAgencies: Draft[] = [
  {
    id: UNIT.phongLdtbxh,
    name: 'Phòng Lao động - Thương binh và Xã hội huyện Lâm Thao',
    shortName: 'Phòng LĐTB&XH',
    localKind: 'phòng',
    note: `${DISTRICT_AGENCY_NOTE} Standing agency of the district Ban Vì sự tiến bộ của phụ nữ; receives the results reports.${MERGE_NOTE}`,
  },
  {
    id: UNIT.phongTckh,
    name: 'Phòng Tài chính - Kế hoạch huyện Lâm Thao',
    shortName: 'Phòng TC-KH',
    localKind: 'phòng',
    note: `${DISTRICT_AGENCY_NOTE}${MERGE_NOTE}`,
  },
  {
    id: UNIT.phongVhtt,
    name: 'Phòng Văn hoá và Thông tin huyện Lâm Thao',
    shortName: 'Phòng VH&TT',
    localKind: 'phòng',
    note: `${DISTRICT_AGENCY_NOTE}${MERGE_NOTE}`,
  },
  {
    id: UNIT.ttVhttdltt,
    name: 'Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện Lâm Thao',
    shortName: 'Trung tâm VH-TT-DL và TT',
    localKind: 'trung tâm',
    note: `${DISTRICT_AGENCY_NOTE} The seed writes "Thể thao- Du lịch".`,
  },
  {
    id: UNIT.phongNoiVu,
    name: 'Phòng Nội vụ huyện Lâm Thao',
    shortName: 'Phòng Nội vụ',
    localKind: 'phòng',
    note: `${DISTRICT_AGENCY_NOTE}${MERGE_NOTE}`,
  },
  {
    id: UNIT.congAn,
    name: 'Công an huyện Lâm Thao',
    shortName: 'Công an huyện',
    localKind: 'công an',
    validTo: '2025-02-28',
    note: `${DISTRICT_AGENCY_NOTE} Part of the provincial police in reality (kept under the district for the demo); district-level police ended on 01/3/2025 in the nationwide police reorganisation (date not verified for Lâm Thao).`,
  },
  {
    id: UNIT.ubmttq,
    name: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện Lâm Thao',
    shortName: 'UBMTTQ huyện',
    localKind: 'mặt trận',
    note: `${DISTRICT_AGENCY_NOTE} Not directed by the UBND: the plan addresses it with "Đề nghị".`,
  },
  {
    id: UNIT.hoiLhpn,
    name: 'Hội Liên hiệp phụ nữ huyện Lâm Thao',
    shortName: 'Hội LHPN huyện',
    localKind: 'hội',
    note: `${DISTRICT_AGENCY_NOTE} Not directed by the UBND: the plan addresses it with "Đề nghị".`,
  },
  {
    id: UNIT.banVstbpn,
    name: 'Ban Vì sự tiến bộ của phụ nữ huyện Lâm Thao',
    shortName: 'Ban VSTBPN huyện',
    localKind: 'ban',
    note: `${DISTRICT_AGENCY_NOTE} Inter-agency committee whose members are the district offices; issuer of Kế hoạch 1647/KH-BVSTBPN cited by the seed.`,
  },
  {
    id: UNIT.vanPhong,
    name: 'Văn phòng HĐND và UBND huyện Lâm Thao',
    shortName: 'Văn phòng HĐND&UBND',
    localKind: 'văn phòng',
    note: `${DISTRICT_AGENCY_NOTE} Recipient "CVP HĐND&UBND huyện" (its Chief) of the seed plan.`,
  },
  {
    id: UNIT.hdnd,
    name: 'Hội đồng nhân dân huyện Lâm Thao',
    shortName: 'HĐND huyện',
    localKind: 'hội đồng nhân dân',
    note: `${DISTRICT_AGENCY_NOTE} Kept as an agency of the district for the demo.`,
  },
  {
    id: UNIT.huyenUy,
    name: 'Huyện ủy Lâm Thao',
    shortName: 'Huyện ủy',
    localKind: 'huyện ủy',
    note: `${DISTRICT_AGENCY_NOTE} Written "HU" in the seed's recipients; the Party committee, kept as an agency of the district for the demo.`,
  },
].map((a, i) =>
  unit({
    validTo: END_2025_06,
    ...a,
    kind: 'agency',
    parentId: UNIT.district,
    sortOrder: i + 1,
  }),
);

// --- From 01/07/2025 ---------------------------------------------------------------------------

const province2025 = unit({
  id: UNIT.province2025,
  code: '25',
  name: 'Tỉnh Phú Thọ',
  shortName: 'Phú Thọ',
  kind: 'province',
  localKind: 'tỉnh',
  parentId: null,
  validFrom: START_2025_07,
  provenance: 'verified',
  note: 'Merged from Phú Thọ, Vĩnh Phúc and Hòa Bình on 01/7/2025; two-level structure with 148 commune-level units (133 xã, 15 phường). Code 25 is reused from the old province: never join on code.',
  sortOrder: 2,
});

const soNoiVu = unit({
  id: UNIT.soNoiVu,
  name: 'Sở Nội vụ tỉnh Phú Thọ',
  shortName: 'Sở Nội vụ',
  kind: 'agency',
  localKind: 'sở',
  parentId: UNIT.province2025,
  validFrom: START_2025_07,
  note: 'Likely the provincial gender-equality lead from 2025 (Bộ Nội vụ nationally; Thông tư 10/2025/TT-BNV), unverified for Phú Thọ.',
  sortOrder: 1,
});

interface NewCommune {
  id: (typeof COMMUNES_2025)[number];
  code: string;
  shortName: string;
  slug: string;
  mergedFrom: string;
}

const communes2025: NewCommune[] = [
  { id: 'xa-lam-thao-2025', code: '08494', shortName: 'Lâm Thao', slug: 'lam-thao', mergedFrom: 'thị trấn Hùng Sơn, thị trấn Lâm Thao and xã Thạch Sơn' },
  { id: 'xa-xuan-lung-2025', code: '08500', shortName: 'Xuân Lũng', slug: 'xuan-lung', mergedFrom: 'xã Tiên Kiên, xã Xuân Huy and xã Xuân Lũng' },
  { id: 'xa-phung-nguyen-2025', code: '08521', shortName: 'Phùng Nguyên', slug: 'phung-nguyen', mergedFrom: 'xã Tứ Xã, xã Sơn Vi and xã Phùng Nguyên' },
  { id: 'xa-ban-nguyen-2025', code: '08527', shortName: 'Bản Nguyên', slug: 'ban-nguyen', mergedFrom: 'xã Cao Xá, xã Vĩnh Lại and xã Bản Nguyên' },
];

const newCommunes: Draft[] = communes2025.map((c, i) =>
  unit({
    id: c.id,
    code: c.code,
    name: `Xã ${c.shortName}`,
    shortName: c.shortName,
    kind: 'commune',
    localKind: 'xã',
    parentId: UNIT.province2025,
    validFrom: START_2025_07,
    provenance: 'verified',
    note: `Formed on 01/7/2025 from ${c.mergedFrom} of the former huyện Lâm Thao (Nghị quyết 1676/NQ-UBTVQH15). Code ${c.code} also belonged to a 2024 unit: never join on code.`,
    sortOrder: 100 + i + 1,
  }),
);

const newCommuneAgencies: Draft[] = communes2025.map((c) =>
  unit({
    id: `phong-vhxh-${c.slug}-2025`,
    name: `Phòng Văn hóa - Xã hội xã ${c.shortName}`,
    shortName: 'Phòng VH-XH',
    kind: 'agency',
    localKind: 'phòng',
    parentId: c.id,
    validFrom: START_2025_07,
    note: 'Probable commune-level counterpart for gender equality after 01/7/2025 (unverified).',
    sortOrder: 1,
  }),
);

// --- 2024 communes and their successors ------------------------------------------------------

interface OldCommune {
  id: (typeof COMMUNES_2024)[number];
  code: string;
  localKind: 'xã' | 'thị trấn';
  shortName: string;
  successorId: (typeof COMMUNES_2025)[number];
}

const communes2024: OldCommune[] = [
  { id: 'tt-lam-thao-2024', code: '08494', localKind: 'thị trấn', shortName: 'Lâm Thao', successorId: 'xa-lam-thao-2025' },
  { id: 'xa-tien-kien-2024', code: '08497', localKind: 'xã', shortName: 'Tiên Kiên', successorId: 'xa-xuan-lung-2025' },
  { id: 'tt-hung-son-2024', code: '08498', localKind: 'thị trấn', shortName: 'Hùng Sơn', successorId: 'xa-lam-thao-2025' },
  { id: 'xa-xuan-lung-2024', code: '08500', localKind: 'xã', shortName: 'Xuân Lũng', successorId: 'xa-xuan-lung-2025' },
  { id: 'xa-xuan-huy-2024', code: '08509', localKind: 'xã', shortName: 'Xuân Huy', successorId: 'xa-xuan-lung-2025' },
  { id: 'xa-thach-son-2024', code: '08512', localKind: 'xã', shortName: 'Thạch Sơn', successorId: 'xa-lam-thao-2025' },
  { id: 'xa-son-vi-2024', code: '08518', localKind: 'xã', shortName: 'Sơn Vi', successorId: 'xa-phung-nguyen-2025' },
  { id: 'xa-phung-nguyen-2024', code: '08521', localKind: 'xã', shortName: 'Phùng Nguyên', successorId: 'xa-phung-nguyen-2025' },
  { id: 'xa-cao-xa-2024', code: '08527', localKind: 'xã', shortName: 'Cao Xá', successorId: 'xa-ban-nguyen-2025' },
  { id: 'xa-vinh-lai-2024', code: '08533', localKind: 'xã', shortName: 'Vĩnh Lại', successorId: 'xa-ban-nguyen-2025' },
  { id: 'xa-tu-xa-2024', code: '08536', localKind: 'xã', shortName: 'Tứ Xã', successorId: 'xa-phung-nguyen-2025' },
  { id: 'xa-ban-nguyen-2024', code: '08539', localKind: 'xã', shortName: 'Bản Nguyên', successorId: 'xa-ban-nguyen-2025' },
];

const oldCommunes: Draft[] = communes2024.map((c, i) =>
  unit({
    id: c.id,
    code: c.code,
    name: `${c.localKind === 'xã' ? 'Xã' : 'Thị trấn'} ${c.shortName}`,
    shortName: c.shortName,
    kind: 'commune',
    localKind: c.localKind,
    parentId: UNIT.district,
    validTo: END_2025_06,
    successorId: c.successorId,
    provenance: 'verified',
    note: null,
    sortOrder: 100 + i + 1,
  }),
);

// --- Paths -------------------------------------------------------------------------------------

function withPaths(drafts: readonly Draft[]): OrgUnit[] {
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const paths = new Map<string, string>();
  const resolve = (d: Draft, seen: Set<string>): string => {
    const known = paths.get(d.id);
    if (known !== undefined) return known;
    if (seen.has(d.id)) throw new Error(`org unit cycle at ${d.id}`);
    seen.add(d.id);
    let parentPath: string | null = null;
    if (d.parentId !== null) {
      const parent = byId.get(d.parentId);
      if (!parent) throw new Error(`${d.id}: parent ${d.parentId} is not in the demo data`);
      parentPath = resolve(parent, seen);
    }
    const path = pathOf(parentPath, d.id);
    paths.set(d.id, path);
    return path;
  };
  return drafts.map((d) => ({ ...d, path: resolve(d, new Set()) }));
}

/** The demo org tree, parents before children. */
export const demoOrgUnits: OrgUnit[] = withPaths([
  province2024,
  soLdtbxh,
  district,
  ...districtAgencies,
  ...oldCommunes,
  province2025,
  soNoiVu,
  ...newCommunes,
  ...newCommuneAgencies,
]);
