# ruff: noqa: E501 (the plan's paragraphs are kept whole, one string each)
"""The plan's section V (Phân công nhiệm vụ): 14 units and roles with their duties.

The texts are the seed plan's, word for word (one obvious typo of the heading of unit 8,
"VHXXH", reads "VHXH"). The plan names who carries each duty; where a duty says it is
carried "in coordination with" another unit, the lead is that unit and the unit it is
written under coordinates. Indicators are the program's codes (``targets.plan_data``).
Loaded by ``manage.py load_plan`` through ``assignments.loading.load_responsibilities``.
"""

from __future__ import annotations

# code, name, [(duty text, lead code, coordinator codes, indicator codes)]
UNITS: list[tuple[str, str, list[tuple[str, str, list[str], list[str]]]]] = [
    (
        "PCT",
        "Phó Chủ tịch UBND thị trấn (phụ trách Khối VH-XH)",
        [
            (
                "Lãnh đạo, điều hành hoạt động chung; chỉ đạo xây dựng, tổ chức thực hiện kế hoạch, phân công nhiệm vụ; chủ trì và kết luận các cuộc họp thực hiện Chương trình “Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, nâng cao mức sống của Nhân dân” giai đoạn 2021 - 2025 trên địa bàn thị trấn.",
                "PCT",
                ["TBXH"],
                ["VL", "DN", "GN", "TLHN", "LDQDT", "BHYT"],
            ),
            (
                "Quyết định những vấn đề thuộc phạm vi chức năng, nhiệm vụ, quyền hạn về tổ chức triển khai thực hiện Chương trình “Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, nâng cao mức sống của Nhân dân” giai đoạn 2021 - 2025 trên địa bàn thị trấn.",
                "PCT",
                [],
                [],
            ),
        ],
    ),
    (
        "MTTQ",
        "Chủ tịch Ủy ban MTTQVN thị trấn",
        [
            (
                "Thực hiện vai trò nòng cốt trong việc vận động sự tham gia của xã hội và cộng đồng trong công tác giảm nghèo; Đặc biệt là công tác tuyên truyền, vận động đề hộ nghèo vươn lên thoát nghèo bằng chính sự nỗ lực của bản thân, không còn tư tưởng trông chờ, ỷ lại vào sự hỗ trợ của Nhà nước, khơi dậy “Khát vọng thoát nghèo” của chính các hộ nghèo, từ đó tạo sự lan tỏa sâu rộng. Tổ chức vận động các tổ chức, cá nhân, doanh nghiệp cùng chung tay hỗ trợ, chia sẻ để giúp đỡ người nghèo vươn lên thoát nghèo, đặc biệt trú trọng về công tác phát triển Quỹ “Vì người nghèo” thị trấn. Xây dựng kế hoạch, triển khai thực hiện hỗ trợ, sửa chữa nhà ở cho hộ nghèo DTTS khó khăn về nhà ở, giúp cho các hộ nghèo sớm ổn định nơi ở, an tâm sản xuất, tạo thu nhập, vươn lên thoát nghèo bền vững; đồng thời tăng cường vai trò giám sát, kiểm tra tình hình thực hiện chính sách ở các cấp, các ngành để đảm bảo tính hiệu quả của các chính sách giảm nghèo, đào tạo nghề và giải quyết việc làm.",
                "MTTQ",
                ["DOANTHE", "DCXD", "DTTG"],
                ["GN", "TLHN", "SCN"],
            ),
        ],
    ),
    (
        "TBXH",
        "Công chức VHXH phụ trách TBXH",
        [
            (
                "Chủ trì, tham mưu Đảng ủy, UBND thị trấn xây dựng kế hoạch thực hiện công tác giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm giai đoạn 2021-2025 và hàng năm trên địa bàn thị trấn; có trách nhiệm tổng hợp, tham mưu Đảng ủy, Ủy ban nhân dân thị trấn tổ chức chỉ đạo, quản lý, điều hành thực hiện kế hoạch; Tổng hợp, báo cáo tình hình thực hiện chương trình trên địa bàn thị trấn theo quy định.",
                "TBXH",
                ["PCT", "TCKT"],
                ["VL", "DN", "GN", "TLHN", "LDQDT", "BHYT"],
            ),
        ],
    ),
    (
        "DTTG",
        "Cán bộ Dân tộc – Tôn giáo",
        [
            (
                "Chủ trì, tham mưu xây dựng kế hoạch và triển khai thực hiện Chương trình mục tiêu quốc gia phát triển KT-XH vùng đồng bào DTTS, miền núi giai đoạn 2021-2030 trên địa bàn thị trấn, gắn với CTMTQG giảm nghèo bền vững giai đoạn 2022-2025 và hàng năm, đặc biệt ưu tiên nguồn lực hỗ trợ cho khu phố vùng có đông đồng bào dân tộc thiểu số.",
                "DTTG",
                ["TBXH", "MTTQ"],
                ["GN", "TLHN"],
            ),
        ],
    ),
    (
        "TRUONG",
        "Hiệu trưởng các trường trên địa bàn",
        [
            (
                "Chủ trì, tham mưu thực hiện các giải pháp bảo đảm cho học sinh trong các gia đình hộ nghèo, cận nghèo được đến trường; hướng dẫn thực hiện chính sách miễn, giảm học phí cho học sinh thuộc hộ nghèo, cận nghèo; phối hợp với Hội Khuyến học xây dựng cơ chế khuyến học, khuyến tài cho học sinh nghèo.",
                "TRUONG",
                [],
                [],
            ),
            (
                "Phối hợp xây dựng kế hoạch phân luồng học sinh sau trung học cơ sở theo Chỉ thị số 10-CT/TW của Bộ Chính trị gắn với điều tra, khảo sát nhu cầu học nghề của người lao động, phối hợp với trung tâm GDNN GDTX huyện thực hiện tốt công tác định hướng, phân luồng cho các em học sinh lớp 9 để giúp cho phụ huynh cũng như bản thân các em có định hướng nghề nghiệp cho mình ngay sau tốt nghiệp trung học cơ sở.",
                "TRUONG",
                ["TBXH"],
                ["DN", "LDQDT"],
            ),
        ],
    ),
    (
        "TCKT",
        "Công chức Tài chính – kế toán",
        [
            (
                "Chủ trì, phối hợp với các ban ngành liên quan xây dựng cơ chế, chính sách quản lý kinh phí thực hiện Chương trình; hướng dẫn quản lý vốn; thanh toán, quyết toán các nguồn vốn đầu tư theo quy định. Đưa chỉ tiêu giảm nghèo, đào tạo nghề, giải quyết việc làm vào xây dựng kế hoạch phát triển kinh tế - xã hội của thị trấn từng năm và giai đoạn.",
                "TCKT",
                ["TBXH"],
                ["VL", "DN", "GN"],
            ),
        ],
    ),
    (
        "DCXD",
        "Công chức Địa chính – xây dựng",
        [
            (
                "Phối hợp với các ban liên quan và Ủy ban MTTQ Việt Nam thị trấn hướng dẫn, theo dõi, giám sát và tổng hợp việc thực hiện chính sách hỗ trợ về nhà ở cho hộ nghèo, cận nghèo theo quy định.",
                "MTTQ",
                ["DCXD"],
                ["SCN"],
            ),
            (
                "Triển khai chính sách hỗ trợ phát triển sản xuất nông - lâm - ngư nghiệp, tăng thu nhập đối với hộ nghèo ở các khu phố khó khăn, khu phố có đông đồng bào DTTS; triển khai Chương trình khuyến nông, khuyến lâm, khuyến ngư, hỗ trợ xây dựng các mô hình chuyển giao tiến bộ kỹ thuật, mô hình sản xuất chuyên canh tập trung theo hướng sản xuất hàng hóa, liên kết “4 nhà” để người nghèo dễ tiếp cận và tham gia.",
                "DCXD",
                ["DOANTHE"],
                ["GN", "TLHN"],
            ),
        ],
    ),
    (
        "VHTT",
        "Công chức VHXH phụ trách văn hóa thể thao",
        [
            (
                "Chủ trì tổ chức thực hiện các nội dung giảm nghèo về thông tin; tổ chức tuyên truyền, nâng cao nhận thức và tầm quan trọng, ý nghĩa của kế hoạch giảm nghèo bền vững giai đoạn 2021- 2025; tuyên truyền các mô hình điểm, cách làm hay, sáng tạo, có hiệu quả về giảm nghèo; tuyên truyền kết quả hoạt động của kế hoạch giảm nghèo bền vững của Ủy ban nhân dân thị trấn và các văn bản liên quan đến công tác giảm nghèo bền vững trên địa bàn một cách thường xuyên và kịp thời. Phối hợp đầu tư nâng cấp các trang thiết bị truyền thanh cơ sở; tăng cường ứng dụng công nghệ thông tin vào quản lý danh sách cận nghèo và hộ nghèo.",
                "VHTT",
                ["DTT"],
                [],
            ),
        ],
    ),
    (
        "TUPHAP",
        "Công chức Tư pháp – hộ tịch",
        [
            (
                "Chủ trì, triển khai Chương trình trợ giúp pháp lý cho người nghèo và hỗ trợ pháp lý liên quan đến người nghèo, xây dựng và triển khai kế hoạch tuyên truyền, phổ biến giáo dục pháp luật trong lĩnh vực giảm nghèo, lao động và việc làm; theo dõi tình hình thi hành pháp luật trong lĩnh vực giảm nghèo và lao động, giải quyết việc làm.",
                "TUPHAP",
                [],
                [],
            ),
        ],
    ),
    (
        "DOANTHE",
        "Đề nghị Chủ tịch Hội Nông dân, Công đoàn thị trấn, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh, Đoàn Thanh niên thị trấn",
        [
            (
                "Thực hiện lồng ghép Chương trình “Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, nâng cao mức sống của Nhân dân” giai đoạn 2021 - 2025 trên địa bàn thị trấn vào nhiệm vụ chuyên môn của các đoàn, hội; tổ chức tuyên truyền, vận động để hộ nghèo vươn lên thoát nghèo bằng chính sự nỗ lực của bản thân, không còn tư tưởng trông chờ, ỷ lại vào sự hỗ trợ của Nhà nước, khơi dậy “Khát vọng thoát nghèo” của chính các hộ nghèo, từ đó tạo sự lan tỏa sâu rộng; phát động phong trào các đoàn thể, tổ chức, cộng đồng gắn với địa chỉ hộ nghèo cụ thể để quan tâm giúp đỡ cho các hộ nghèo trên địa bàn, phối hợp với chính quyền cơ sở hỗ trợ giúp đỡ cho từng hộ gia đình nghèo; đồng thời tăng cường vai trò giám sát, kiểm tra tình hình thực hiện chính sách ở các cấp, các ngành để đảm bảo tính hiệu quả của các chính sách giảm nghèo, đào tạo nghề và giải quyết việc làm.",
                "DOANTHE",
                ["MTTQ", "TRUONGKP"],
                ["GN", "TLHN"],
            ),
        ],
    ),
    (
        "YTE",
        "Trưởng trạm Y tế",
        [
            (
                "Chủ trì, tổ chức thực hiện chính sách hỗ trợ người nghèo, người cận nghèo trong khám, chữa bệnh.",
                "YTE",
                [],
                ["BHYT"],
            ),
            (
                "Nâng cao chất lượng khám chữa bệnh cho nhân dân. Đề xuất các giải pháp khuyến khích các thành phần kinh tế tham gia đầu tư xây dựng các cơ sở y tế ngoài công lập để phục vụ tốt hơn cho người dân.",
                "YTE",
                [],
                [],
            ),
        ],
    ),
    (
        "DTT",
        "Nhân viên phụ trách Đài Truyền thanh",
        [
            (
                "Phối hợp với các ban, ngành, đoàn thể liên quan thực hiện công tác tuyên truyền trên các phương tiện thông tin đại chúng về Chương trình “Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, nâng cao mức sống của Nhân dân” trên địa bàn thị trấn giai đoạn 2021-2025; tuyên truyền, nêu gương các mô hình điểm, cách làm hay, sáng tạo, có hiệu quả về giảm nghèo.",
                "VHTT",
                ["DTT", "MTTQ", "DOANTHE"],
                [],
            ),
        ],
    ),
    (
        "TOVAY",
        "Tổ vay vốn và tiết kiệm",
        [
            (
                "Chủ trì, phối hợp với các cơ quan liên quan tổ chức quản lý, điều hành tốt Quỹ quốc gia về việc làm, vốn vay sản xuất kinh doanh, xuất khẩu lao động, vay vốn ưu đãi cho học sinh - sinh viên nghèo, bảo đảm thực hiện cung cấp nguồn vốn tín dụng ưu đãi cho hộ nghèo, cận nghèo, mới thoát nghèo và các đối tượng chính sách theo đúng quy định của Nhà nước, tạo điều kiện thuận lợi cho hộ nghèo, cận nghèo, mới thoát nghèo... có nhu cầu vay vốn được tiếp cận các nguồn vốn tín dụng ưu đãi để xây dựng, sửa chữa nhà ở, phục vụ sản xuất, kinh doanh tự tạo việc làm, tăng thu nhập, vươn lên thoát nghèo bền vững.",
                "TOVAY",
                ["TBXH", "DOANTHE"],
                ["VL", "GN"],
            ),
        ],
    ),
    (
        "TRUONGKP",
        "Trưởng các khu phố",
        [
            (
                "Căn cứ tình hình thực tế của khu phố tổ chức triển khai thực hiện Chương trình “Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, nâng cao mức sống của Nhân dân” giai đoạn 2021 - 2025 trên địa bàn đảm bảo phù hợp với điều kiện thực tế của địa phương.",
                "TRUONGKP",
                [],
                ["GN", "TLHN"],
            ),
            (
                "Thực hiện tốt công tác tổng điều tra, rà soát hộ nghèo, cận nghèo giai đoạn 2021-2025 và hàng năm đảm bảo khách quan, chính xác, đúng quy định; đồng thời, chịu trách nhiệm trước UBND thị trấn về kết quả, số liệu, thông tin, danh sách hộ nghèo, cận nghèo, nhu cầu hỗ trợ cho hộ nghèo đăng ký thoát nghèo hàng năm trên địa bàn do địa phương quản lý.",
                "TRUONGKP",
                ["TBXH"],
                ["GN", "TLHN"],
            ),
            (
                "Thực hiện tuyên truyền, quán triệt nghiêm túc các Nghị quyết, văn bản chỉ đạo của Trung ương, Tỉnh ủy, UBND tỉnh, Huyện ủy, UBND huyện, UBND thị trấn về Chương trình “Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, nâng cao mức sống của Nhân dân” giai đoạn 2021 - 2025 và hàng năm; lồng ghép có hiệu quả các chương trình, dự án trên địa bàn, chủ động huy động thêm nguồn lực; thường xuyên kiểm tra, giám sát và tổ chức sơ kết, tổng kết việc thực hiện chương trình.",
                "TRUONGKP",
                ["MTTQ", "DOANTHE"],
                [],
            ),
        ],
    ),
]
