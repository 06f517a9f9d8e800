"""Word lists for the synthetic community: Chinese names with their pinyin (for ids),
Shenzhen media/advertising organisations, titles, places, tags.

Plain data, so that every benchmark draws from the same vocabulary and a seed gives the
same community on every machine. Pinyin is written here (not computed with pypinyin) so
the ids never change with a pypinyin release.
"""

from __future__ import annotations


def _pairs(text: str) -> list[tuple[str, str]]:
    """"王 wang 李 li" → [("王", "wang"), ("李", "li")]."""
    words = text.split()
    return list(zip(words[0::2], words[1::2], strict=False))


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _pairs("""
王 wang 李 li 张 zhang 刘 liu 陈 chen 杨 yang 黄 huang 赵 zhao 吴 wu 周 zhou 徐 xu 孙 sun
马 ma 朱 zhu 胡 hu 郭 guo 何 he 林 lin 罗 luo 高 gao 郑 zheng 梁 liang 谢 xie 宋 song 唐 tang
许 xu 邓 deng 冯 feng 韩 han 曹 cao 曾 zeng 彭 peng 萧 xiao 蔡 cai 潘 pan 田 tian 董 dong
袁 yuan 于 yu 余 yu 叶 ye 蒋 jiang 杜 du 苏 su 魏 wei 程 cheng 吕 lv 丁 ding 沈 shen 任 ren
姚 yao 卢 lu 傅 fu 钟 zhong 姜 jiang 崔 cui 谭 tan 廖 liao 范 fan 汪 wang 陆 lu 金 jin 石 shi
戴 dai 贾 jia 韦 wei 夏 xia 邱 qiu 方 fang 侯 hou 邹 zou 熊 xiong 孟 meng 秦 qin 白 bai 江 jiang
薛 xue 尹 yin 段 duan 雷 lei 黎 li 史 shi 龙 long 陶 tao 贺 he 顾 gu 毛 mao 郝 hao 龚 gong
邵 shao 万 wan 钱 qian 严 yan 赖 lai 洪 hong 武 wu 莫 mo 孔 kong 欧阳 ouyang 司徒 situ
""")

GIVEN = _pairs("""
伟 wei 芳 fang 娜 na 敏 min 静 jing 丽 li 强 qiang 磊 lei 军 jun 洋 yang 勇 yong 艳 yan
杰 jie 娟 juan 涛 tao 明 ming 超 chao 秀 xiu 霞 xia 平 ping 刚 gang 英 ying 华 hua 建 jian
文 wen 辉 hui 玲 ling 宇 yu 浩 hao 婷 ting 雪 xue 琳 lin 晨 chen 欣 xin 怡 yi 佳 jia 子 zi
梓 zi 轩 xuan 睿 rui 博 bo 思 si 雨 yu 嘉 jia 俊 jun 凯 kai 鹏 peng 飞 fei 斌 bin 健 jian
峰 feng 晓 xiao 慧 hui 颖 ying 倩 qian 蕾 lei 薇 wei 璐 lu 琪 qi 瑶 yao 悦 yue 航 hang 泽 ze
宁 ning 立 li 志 zhi 海 hai 波 bo 东 dong 亮 liang 成 cheng 坤 kun 晶 jing 然 ran 源 yuan
帆 fan 翔 xiang 昊 hao 诗 shi 韵 yun 清 qing 萌 meng 茜 qian 君 jun 霖 lin 毅 yi 维 wei
""")

ORG_PLACE = _words("深圳 鹏城 前海 南山 福田 罗湖 宝安 龙岗 湾区 蛇口 华强 深港 粤海 科兴 海岸 梅林")
ORG_CORE = _words("星火 远景 青木 蓝鲸 大象 麦田 锐点 光合 极光 红树林 云帆 方圆 引力 回声 浪潮 子午 拾光 木棉")
ORG_TYPE = _words("传媒 广告 文化传播 数字营销 品牌策划 户外媒体 新媒体 影视 公关 会展 互动 "
            "整合营销 楼宇传媒 创意")

TITLES = _words("总经理 创始人 联合创始人 媒介总监 客户总监 创意总监 策划经理 商务总监 品牌经理 运营总监 "
          "副总裁 合伙人 市场部经理 媒介经理 销售总监 文案主管 设计总监 执行董事 事业部总经理")

CITIES = ["深圳"] * 12 + _words("广州 东莞 香港 佛山 珠海 惠州 上海 北京")

DISTRICTS = _words("南山科技园 福田CBD 罗湖东门 宝安中心区 龙华红山 前海自贸区 蛇口海上世界 华强北 "
             "坂田 大梅沙 车公庙 后海 深圳湾 光明新区 龙岗大运 南头古城")

TAGS = _words("户外 楼宇 电梯 地铁 机场 影院 短视频 直播 KOL 小红书 抖音 公关 活动执行 品牌策划 创意 "
        "设计 媒介采购 程序化 房地产 汽车 快消 金融 教育 医疗 餐饮 科技 跨境电商 游戏 招聘 会展 "
        "私域 出海 视频号 B站 户外大屏 文旅")

FIELDS = _words("媒体广告 户外媒体 品牌营销 公关传播 数字营销 活动策划 影视制作 新媒体运营")

INDUSTRIES = _words("房地产 汽车 快消 金融 教育 医疗 餐饮 科技 跨境电商 游戏 文旅 母婴 家居 美妆")

BRAND_CORE = _words("优品 鲜丰 盛世 华彩 悦来 智行 云途 安家 乐享 恒信 嘉禾 未来 启航 康宁 新程 万象")
BRAND_TYPE = _words("科技 地产 汽车 食品 教育 医疗 家居 美妆 金融 文旅 电商 餐饮")

GROUP_PURPOSES = _words("招聘 活动 资源对接 媒介采购 行业交流 创意分享 城市分会 新人")

VENUES = _words("南山文化中心 福田会展中心 前海国际会议中心 蛇口价值工厂 华侨城创意园 深圳湾科技生态园 "
          "海上世界文化艺术中心 大梅沙京基洲际酒店 车公庙天安数码城 华强北九方")

# (kind, label used in titles, price unit)
MEDIA_KINDS = [
    ("elevator", "写字楼电梯屏", "元/周/屏"), ("outdoor", "户外大牌", "元/月"),
    ("metro", "地铁灯箱", "元/周"), ("airport", "机场到达厅LED", "元/天"),
    ("cinema", "影院映前广告", "元/场"), ("digital", "程序化信息流", "元/千次曝光"),
    ("social", "公众号矩阵", "元/条"), ("kol", "本地生活达人", "元/条"),
    ("tv", "地方台黄金时段", "元/15秒"), ("radio", "交通广播", "元/30秒"),
    ("print", "都市报整版", "元/期"), ("event_space", "活动场地", "元/天"),
    ("other", "社区道闸", "元/月"),
]

EVENT_KINDS = [("salon", "媒体沙龙"), ("member_event", "会员聚餐"), ("training", "投放实战课"),
               ("visit", "走进企业"), ("open_event", "开放日")]

TOPICS = _words("短视频投放 户外新媒体 品牌出海 私域运营 AIGC创意 楼宇媒体 直播电商 程序化购买 "
          "公关危机 年度预算 城市更新 体育营销")
