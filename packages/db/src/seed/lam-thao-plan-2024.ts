// The seed plan (source/ke-hoach-bdg-lam-thao-2024.md), a real unissued 2024 plan of UBND huyện
// Lâm Thao, in structured form. Every sentence is kept exactly as written, typos included
// ("năm 2023" in task 3, "Thể thao- Du lịch", missing final periods); seed-data.test.ts checks
// that planToText() still contains every sentence of the markdown.
import type { Plan } from '@binh-dang/domain';
import { COMMUNES_2024, UNIT } from './org-units.ts';

export const lamThaoPlan2024: Plan = {
  id: 'ke-hoach-bdg-lam-thao-2024',
  issuingUnitId: UNIT.district,
  year: 2024,
  status: 'draft',
  version: 1,
  header: {
    // The markdown lost the header table; this is the standard header of a district UBND document.
    parentBody: 'UBND TỈNH PHÚ THỌ',
    issuingBody: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
    number: null,
    typeCode: 'KH',
    issuerCode: 'UBND',
    place: 'Lâm Thao',
    date: { year: 2024, month: 4, day: null },
  },
  documentType: 'KẾ HOẠCH',
  title: 'Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024',
  legalBases: [
    {
      verb: 'Thực hiện',
      documentKind: 'Văn bản',
      number: '1405/UBND-KGVX',
      issuedOn: '2024-04-11',
      issuer: 'UBND tỉnh Phú Thọ',
      summary: 'về triển khai công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024',
      text: 'Thực hiện Văn bản số 1405/UBND-KGVX, ngày 11/4/2024 của UBND tỉnh Phú Thọ về triển khai công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024',
      citedPlanId: null,
    },
    {
      verb: 'Căn cứ',
      documentKind: 'Kế hoạch',
      number: '1647/KH-BVSTBPN',
      issuedOn: '2021-09-15',
      issuer: 'Ban Vì sự tiến bộ của phụ nữ huyện Lâm Thao',
      summary:
        'về việc thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2025, định hướng đến năm 2030',
      text: 'căn cứ Kế hoạch số 1647/KH-BVSTBPN ngày 15/9/2021 của Ban Vì sự tiến bộ của phụ nữ huyện Lâm Thao về việc thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2025, định hướng đến năm 2030',
      citedPlanId: null,
    },
  ],
  preambleClosing:
    'Ủy ban nhân dân huyện Lâm Thao xây dựng Kế hoạch thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024 như sau:',
  purposes: {
    heading: 'MỤC ĐÍCH, YÊU CẦU',
    items: [
      {
        label: '1.',
        paragraphs: [
          'Tiếp tục triển khai thực hiện Luật Bình đẳng giới, tạo bước chuyển biến mới về nhận thức của toàn xã hội thực hiện bình đẳng giới; từng bước thu hẹp khoảng cách giới và nâng cao vị thế của phụ nữ trong một số lĩnh vực còn bất bình đẳng hoặc nguy cơ bất bình đẳng cao.',
        ],
        children: [],
      },
      {
        label: '2.',
        paragraphs: [
          'Tăng cường sự lãnh đạo, chỉ đạo của cấp ủy đảng, chính quyền, sự phối hợp của các cấp, các ban, ngành, đoàn thể trong việc thực hiện các mục tiêu, giải pháp về bình đẳng giới trên địa bàn huyện; tuyên truyền, phổ biến và vận động Nhân dân thực hiện chủ trương, đường lối của Đảng và chính sách pháp luật của Nhà nước liên quan đến bình đẳng giới và vì sự tiến bộ phụ nữ trên địa bàn huyện.',
        ],
        children: [],
      },
      {
        label: '3.',
        paragraphs: [
          'Việc triển khai công tác bình đẳng giới và vì sự tiến bộ của phụ nữ trên địa bàn huyện phải được các cấp, các ngành xây dựng kế hoạch thực hiện, đầu tư nguồn lực và huy động đóng góp của xã hội, gắn công tác bình đẳng giới với nhiệm vụ của ngành, đơn vị, địa phương đảm bảo thiết thực, hiệu quả.',
        ],
        children: [],
      },
    ],
  },
  tasks: {
    heading: 'NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU',
    items: [
      {
        label: '1.',
        paragraphs: [
          'Tăng cường truyền thông về các chủ trương, đường lối của Đảng và chính sách pháp luật của Nhà nước về bình đẳng giới; vì sự tiến bộ của phụ nữ và phòng ngừa, ứng phó với bạo lực trên cơ sở giới; các mục tiêu, chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030, Chương trình phòng ngừa, ứng phó với bạo lực trên cơ sở giới giai đoạn 2021-2025 và Chương trình truyền thông về bình đẳng giới đến năm 2030; bám sát các nhiệm vụ, giải pháp; quan tâm, bố trí nguồn lực để triển khai nhằm đạt được các mục tiêu, chỉ tiêu đề ra.',
        ],
        children: [],
      },
      {
        label: '2.',
        // One paragraph in the original, split by a page break after "tăng cường tuyên".
        paragraphs: [
          'Tăng cường và đa dạng hóa các hoạt động truyền thông, nâng cao nhận thức, chuyển đổi hành vi về bình đẳng giới trong các tầng lớp Nhân dân, quan tâm đến việc tiếp cận của các nhóm người yếu thế, người khuyết tật; tăng cường tuyên truyền, giới thiệu về các mô hình, dịch vụ hỗ trợ thực hiện bình đẳng giới tại địa phương; nhân rộng những điển hình tốt, người có uy tín, có ảnh hưởng tích cực tại cộng đồng và thu hút sự tham gia của nam giới, trẻ em trai trong thực hiện bình đẳng giới; tích cực đấu tranh, phản bác những thông tin sai lệch về bình đẳng giới của Việt Nam.',
        ],
        children: [],
      },
      {
        label: '3.',
        // "năm 2023" in the last sentence is the original's (a 2024 plan): kept as written.
        paragraphs: [
          'Nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới và công tác vì sự tiến bộ của phụ nữ. Thực hiện việc lồng ghép các mục tiêu, chỉ tiêu bình đẳng giới, phòng ngừa, ứng phó với bạo lực trên cơ sở giới vào các chương trình, kế hoạch công tác, đề án, dự án... của phòng, ban, ngành và kế hoạch phát triển kinh tế - xã hội của địa phương. Tổ chức tập huấn kiến thức về giới, bình đẳng giới, kỹ năng lồng ghép giới trong xây dựng văn bản quy phạm pháp luật, chương trình, dự án... cho đội ngũ cán bộ phụ trách công tác bình đẳng giới và vì sự tiến bộ của phụ nữ, cán bộ phụ trách công tác pháp chế, thanh tra, tư pháp của địa phương. Tổ chức các lớp bồi dưỡng kiến thức, kỹ năng cho nữ lãnh đạo, quản lý, nữ trong diện quy hoạch chức vụ, chức danh lãnh đạo, quản lý các cấp. Triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2023 hiệu quả, sáng tạo, thích ứng với điều kiện, tình hình cụ thể.',
        ],
        children: [],
      },
      {
        label: '4.',
        paragraphs: [
          'Tăng cường công tác phối hợp liên ngành nhằm thực hiện tốt công tác bình đẳng giới và vì sự tiến bộ của phụ nữ trong giải quyết, xử lý các vụ bạo lực đối với phụ nữ và trẻ em gái: Xác minh, nắm tình hình và kiến nghị xử lý các vụ việc bạo lực, quấy rối, xâm hại phụ nữ và trẻ em gái, môi giới hôn nhân có yếu tố nước ngoài, mua bán người... xảy ra tại cơ quan, đơn vị, địa phương; bảo vệ, hỗ trợ kịp thời nạn nhân bị bạo lực, xâm hại; theo dõi, kiểm tra việc giải quyết các vụ việc. Tăng cường công tác kiểm tra, thanh tra, xử lý hành vi vi phạm về bình đẳng giới thuộc phạm vi, lĩnh vực, địa bàn quản lý.',
        ],
        children: [],
      },
    ],
  },
  implementation: {
    heading: 'TỔ CHỨC THỰC HIỆN',
    assignments: [
      {
        id: 'lt24-a1',
        label: '1.',
        heading:
          'Phòng Lao động - Thương binh và Xã hội huyện (cơ quan thường trực Ban vì sự tiến bộ của phụ nữ huyện)',
        isRequest: false,
        style: 'bullets',
        units: [{ orgUnitId: UNIT.phongLdtbxh, role: 'lead' }],
        duties: [
          {
            id: 'lt24-a1-d1',
            text: 'Tham mưu xây dựng và tổ chức thực hiện kế hoạch công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024; Chủ động phối hợp với Hội LHPN huyện và các thành viên Ban vì sự tiến bộ phụ nữ huyện để tổ chức triển khai thực hiện lồng ghép các chỉ tiêu, các nội dung, hoạt động liên quan đến bình đẳng giới và vì sự tiến bộ của phụ nữ trên địa bàn huyện.',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a1-d2',
            text: 'Tham gia ý kiến đóng góp về lĩnh vực bình đẳng giới và vì sự tiến bộ của phụ nữ đối với các văn bản quy phạm pháp luật; Tổ chức kiểm tra một số đơn vị về công tác bình đẳng giới, vì sự tiến bộ của phụ nữ.',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a1-d3',
            // No final period in the original.
            text: 'Tham mưu các văn bản chỉ đạo thực hiện xử phạt vi phạm về bình đẳng giới thuộc phạm vi lĩnh vực quản lý',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a1-d4',
            text: 'Phối hợp tham mưu tổ chức tổng kết đánh giá công tác bình đẳng giới năm 2024.',
            role: 'support',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a2',
        label: '2.',
        heading: 'Phòng Tài chính - Kế hoạch huyện',
        isRequest: false,
        style: 'paragraph',
        units: [{ orgUnitId: UNIT.phongTckh, role: 'lead' }],
        duties: [
          {
            id: 'lt24-a2-d1',
            text: 'Chủ trì, tham mưu, bố trí kinh phí cho các hoạt động của công tác bình đẳng giới và vì sự tiến bộ của phụ nữ của huyện đảm bảo hoạt động hiệu quả.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a3',
        label: '3.',
        // "Thể thao- Du lịch" as written in the original.
        heading: 'Phòng Văn hoá và Thông tin; Trung tâm Văn hóa - Thể thao- Du lịch và Truyền thông huyện',
        isRequest: false,
        style: 'bullets',
        units: [
          { orgUnitId: UNIT.phongVhtt, role: 'lead' },
          { orgUnitId: UNIT.ttVhttdltt, role: 'lead' },
        ],
        duties: [
          {
            id: 'lt24-a3-d1',
            text: 'Phối hợp với phòng Lao động - Thương binh và Xã hội huyện xây dựng chương trình và tổ chức tuyên truyền về giới, bình đẳng giới và các hoạt động vì sự tiến bộ của phụ nữ trên các phương tiện thông tin đại chúng.',
            role: 'support',
            dueDate: null,
          },
          {
            id: 'lt24-a3-d2',
            text: 'Tăng thời lượng phát sóng, số lượng bài viết và nâng cao chất lượng tuyên truyền về các chủ trương, chính sách, pháp luật của Đảng và Nhà nước về bình đẳng giới; vì sự tiến bộ của phụ nữ và phòng ngừa, ứng phó với bạo lực trên cơ sở giới; các mục tiêu, chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030, Chương trình phòng ngừa, ứng phó với bạo lực trên cơ sở giới giai đoạn 2021-2025 và Chương trình truyền thông về bình đẳng giới đến năm 2030.',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a3-d3',
            text: 'Tiếp tục duy trì, nhân rộng hoạt động của các mô hình phòng, chống bạo lực gia đình.',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a3-d4',
            text: 'Tổ chức thu thập thông tin số liệu về gia đình và phòng, chống bạo lực gia đình trên địa bàn huyện.',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a3-d5',
            // The parenthesis is in italics in the original.
            text: 'Lồng ghép các nội dung về bình đẳng giới vào hoạt động của các thiết chế văn hóa (nhà văn hóa xã, nhà văn hóa khu dân cư, thư viện, tủ sách cơ sở...).',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a3-d6',
            text: 'Tổ chức các hoạt động Bình đẳng giới và Vì sự tiến bộ của Phụ nữ.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a4',
        label: '4.',
        heading: 'Phòng Nội vụ huyện',
        isRequest: false,
        style: 'paragraph',
        units: [{ orgUnitId: UNIT.phongNoiVu, role: 'lead' }],
        duties: [
          {
            id: 'lt24-a4-d1',
            text: 'Chủ trì, phối hợp với phòng Lao động - Thương binh và Xã hội, Hội Liên hiệp phụ nữ huyện chủ động đề xuất xây dựng quy hoạch, kế hoạch đào tạo, bồi dưỡng và bổ nhiệm cán bộ trẻ, cán bộ nữ của huyện.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a5',
        label: '5.',
        heading: 'Công an huyện',
        isRequest: false,
        style: 'paragraph',
        units: [{ orgUnitId: UNIT.congAn, role: 'lead' }],
        duties: [
          {
            id: 'lt24-a5-d1',
            text: 'Chủ trì xây dựng, triển khai và báo cáo kết quả thực hiện các nhiệm vụ, giải pháp về phòng, chống mua bán người; phối hợp với các đơn vị, phòng, ngành, các cơ quan, tổ chức có liên quan phát hiện sớm, can thiệp và xử lý kịp thời các vụ bạo lực trên cơ sở giới, bạo lực gia đình.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a6',
        label: '6.',
        heading: 'Các phòng, ban, ngành có liên quan, các thành viên Ban vì sự tiến bộ phụ nữ huyện',
        isRequest: false,
        style: 'bullets',
        units: [{ orgUnitId: UNIT.banVstbpn, role: 'lead' }],
        duties: [
          {
            id: 'lt24-a6-d1',
            // Repeats the Công an huyện duty word for word in the original.
            text: 'Chủ trì xây dựng, triển khai và báo cáo kết quả thực hiện các nhiệm vụ, giải pháp về phòng, chống mua bán người; phối hợp với các đơn vị, phòng, ngành, các cơ quan, tổ chức có liên quan phát hiện sớm, can thiệp và xử lý kịp thời các vụ bạo lực trên cơ sở giới, bạo lực gia đình.',
            role: 'lead',
            dueDate: null,
          },
          {
            id: 'lt24-a6-d2',
            text: 'Căn cứ kế hoạch thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024 của huyện, xây dựng và tổ chức thực hiện kế hoạch trong phạm vi hoạt động của ngành mình, chịu trách nhiệm lồng ghép các vấn đề bình đẳng giới trong phạm vi chức năng, nhiệm vụ của ngành, đảm bảo thực hiện có hiệu quả công tác bình đẳng giới và vì sự tiến bộ của phụ nữ.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a7',
        label: '7.',
        heading:
          'Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp phụ nữ huyện và các tổ chức thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam huyện',
        isRequest: true,
        style: 'paragraph',
        units: [
          { orgUnitId: UNIT.ubmttq, role: 'lead' },
          { orgUnitId: UNIT.hoiLhpn, role: 'lead' },
        ],
        duties: [
          {
            id: 'lt24-a7-d1',
            text: 'Trong phạm vi chức năng, nhiệm vụ của mình, tham gia tổ chức triển khai Kế hoạch năm 2024; đẩy mạnh công tác tuyên truyền, giáo dục nhằm nâng cao nhận thức về bình đẳng giới trong nhân dân; tham gia xây dựng và giám sát, phản biện xã hội việc thực hiện chính sách, pháp luật về bình đẳng giới.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
      {
        id: 'lt24-a8',
        label: '8.',
        heading: 'UBND các xã, thị trấn',
        isRequest: false,
        style: 'paragraph',
        units: COMMUNES_2024.map((orgUnitId) => ({ orgUnitId, role: 'lead' as const })),
        duties: [
          {
            id: 'lt24-a8-d1',
            text: 'Căn cứ kế hoạch của huyện, xây dựng và tổ chức thực hiện kế hoạch công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024 trên địa bàn đảm bảo sự tham gia lồng ghép trong các hoạt động phát triển kinh tế - xã hội ở địa phương.',
            role: 'lead',
            dueDate: null,
          },
        ],
      },
    ],
  },
  // "trước ngày 15/11/2024" is in bold in the original.
  closing:
    'Trên đây là Kế hoạch thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024 của huyện Lâm Thao. Yêu cầu Thủ trưởng các cơ quan, đơn vị liên quan, UBND các xã, thị trấn triển khai thực hiện đạt chất lượng, hiệu quả. Báo cáo kết quả thực hiện với UBND huyện (qua phòng Lao động - Thương binh và Xã hội) trước ngày 15/11/2024 để tổng hợp báo cáo UBND tỉnh theo quy định./.',
  reportDeadline: '2024-11-15',
  reportToUnitId: UNIT.phongLdtbxh,
  recipients: [
    { text: 'Sở LĐTB&XH (để b/c);', orgUnitId: UNIT.soLdtbxh },
    // Thường trực Huyện ủy and HĐND: two units.
    { text: 'TT: HU, HĐND huyện;', orgUnitId: null },
    // The Chairman and Vice-Chairmen of UBND huyện.
    { text: 'CT, các PCT UBND huyện;', orgUnitId: UNIT.district },
    { text: 'Các phòng, ban, ngành của huyện;', orgUnitId: null },
    { text: 'UBMTTQ và các tổ chức CT- XH huyện;', orgUnitId: null },
    // Chánh Văn phòng HĐND&UBND.
    { text: 'CVP HĐND&UBND huyện;', orgUnitId: UNIT.vanPhong },
    { text: 'Các thành viên Ban VSTBPN huyện;', orgUnitId: UNIT.banVstbpn },
    { text: 'UBND các xã, thị trấn;', orgUnitId: null },
    // Filed by the records office (VT) and the drafting office (LĐTBXH); "C.15b" is, by usual
    // practice, the drafter's initial and the number of copies (15).
    { text: 'Lưu: VT, LĐTBXH.(C.15b)', orgUnitId: null },
  ],
  signature: {
    authority: [
      { prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' },
      { prefix: 'KT.', text: 'CHỦ TỊCH' },
    ],
    title: 'PHÓ CHỦ TỊCH',
    name: 'Ngô Đức Sáu',
  },
  provenance: 'verified',
  parentPlanId: null,
  amendsPlanId: null,
  issuedAt: null,
  updatedAt: '2024-04-15T00:00:00.000Z',
};
