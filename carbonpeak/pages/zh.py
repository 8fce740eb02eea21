"""Chinese labels for the pages written in Chinese: the plan's own terms where it has them (碳达峰, 单位地区生产总值
能源消耗, 新能源汽车保有量, 外来电 ...), and Chinese numbers written the Chinese way (86%, 2030年, 4700万吨).

One home for every Chinese label, so the answer page and the glossary use the same words.
"""

from __future__ import annotations

import math

from carbonpeak.inputs import parts
from carbonpeak.model import boundaries

SCENARIOS = {"baseline": "基准情景", "plan": "规划情景", "accelerated": "强化情景"}
BOUNDARIES = {name: boundaries.label(name, "zh") for name in boundaries.BOUNDARIES}
BOUNDARIES_SHORT = {name: boundaries.label(name, "zh", short=True) for name in boundaries.BOUNDARIES}
# the target board labels a boundary by its short English name
BOUNDARY_NAMES = {boundaries.label(n, short=True): boundaries.label(n, "zh", short=True) for n in boundaries.BOUNDARIES}
RULES = {"n_years": "N年回落规则", "c40": "C40规则"}
RULE_DESCRIPTIONS = {
    "n_years": "峰值之后至少有N个观测年份、且均低于峰值（CEADs取N=5）",
    "c40": "C40城市的判定标准：峰值年份至少早于最近年份5年，且最近年份比峰值低10%以上",
}
STATUSES = {"on track": "有望达成", "at risk": "存在风险", "off track": "进度落后", "no data": "暂无数据"}
SECTORS = {
    "cross_cutting": "综合目标",
    "energy": "能源",
    "industry": "工业",
    "transport": "交通运输",
    "buildings": "城乡建设",
    "carbon_sinks": "碳汇",
}
GRADES = {
    "measured": "实测",
    "official_point": "官方公布点值",
    "proxy": "代理数据（省级或全国）",
    "derived": "本书推算",
    "assumption": "假设",
}
GRADE_MEANINGS = {
    "measured": "深圳或城市层面的统计、清单时间序列",
    "official_point": "官方文件或媒体报道中引用的单个数值",
    "proxy": "以广东省或全国序列代替深圳",
    "derived": "本书由其他序列计算得出，或第三方的预测",
    "assumption": "有默认值、理由和取值范围的具名参数",
}
PARTS = {name: part.zh for name, part in parts.parts().items()}

# Every assumption of the city model (data/assumptions.yml), in Chinese. Both spellings of a renamed
# assumption are kept so the pages read either.
ASSUMPTIONS = {
    "gdp_growth_path": "实际GDP年增速",
    "gdp_growth": "实际GDP年增速",
    "population_growth": "常住人口年增速",
    "secondary_share": "第二产业占GDP比重",
    "industry_fuel_intensity_change": "单位工业增加值燃料排放的年变化率",
    "industry_electricity_intensity_change": "单位工业增加值用电量的年变化率",
    "industry_coal_scale": "深圳工业用煤排放相对广东占比的倍数",
    "industry_process_scale": "深圳工业生产过程排放相对广东占比的倍数",
    "industry_fuel_scale": "深圳其他工业燃料（油品、天然气）排放相对广东占比的倍数",
    "services_electricity_intensity_change": "单位服务业增加值用电量的年变化率",
    "household_electricity_per_person_growth": "居民人均生活用电量年增速",
    "building_fuel_per_person_change": "人均建筑直接燃料（天然气、液化石油气）排放的年变化率",
    "building_fuel_scale": "深圳建筑直接燃料排放相对广东占比的倍数（已剔除车用燃料）",
    "vehicle_stock_growth": "机动车保有量年增速",
    "vehicle_lifetime": "车辆在深圳车队中的平均留存年限",
    "vehicle_survival_shape": "车辆存活曲线（威布尔分布）的形状参数",
    "vehicle_history_growth": "模型起始年之前机动车保有量的平均增速（决定车龄结构）",
    "nev_sales_share_max": "新能源汽车占新注册车辆比例的上限",
    "car_fuel_intensity_change": "每辆燃油车燃料排放的年变化率",
    "nev_fuel_fraction": "私人新能源汽车平均油耗相对燃油车的比例（插电式混合动力）",
    "ev_kwh_per_vehicle_year": "每辆私人新能源汽车年用电量",
    "ev_kwh_per_vehicle": "每辆私人新能源汽车年用电量",
    "public_ev_twh": "纯电动公交车和出租车年用电量",
    "car_fuel_scale": "深圳道路汽油排放相对广东占比的倍数",
    "freight_fuel_scale": "深圳道路柴油排放相对广东占比的倍数",
    "freight_growth_elasticity": "货运及其他柴油道路活动对GDP增长的弹性",
    "freight_intensity_change": "单位货运活动柴油排放的年变化率",
    "other_transport_scale": "深圳其他交通（航空、水运、铁路燃料、仓储）排放相对广东占比的倍数",
    "other_transport_growth_elasticity": "航空、水运等其他交通活动对GDP增长的弹性",
    "other_transport_intensity_change": "单位其他交通活动排放的年变化率",
    "other_sectors_scale": "深圳建筑业和农业排放相对广东占比的倍数",
    "other_sectors_change": "单位GDP建筑业和农业排放的年变化率",
    "external_share_2019": "2019年外来电占全社会用电量的比例（含大亚湾核电基地电量）",
    "imported_twh_2019": "2019年含碳外来电量",
    "gas_capacity_2019_gw": "2019年全市气电装机容量",
    "gas_capacity_added_gw": "2019年以来新增气电装机容量",
    "gas_hours_prior_2019": "气电机组典型利用小时数（仅用于拆分2019年本地化石能源发电）",
    "coal_hours_prior_2019": "妈湾煤电机组典型利用小时数（仅用于拆分2019年本地化石能源发电）",
    "gas_hours_change": "气电机组利用小时数（相对2019年的倍数）",
    "coal_generation_change": "煤电发电量（相对2019年的倍数）",
    "local_generation_follows_province": "2020—2024年本地煤电、气电随广东火电变化的程度",
    "wte_hours": "垃圾焚烧发电利用小时数",
    "wte_capacity_growth": "垃圾焚烧发电装机年增速",
    "pv_capacity_gw": "全市光伏发电装机容量",
    "pv_hours": "光伏发电满负荷利用小时数",
    "coal_ef": "妈湾煤电机组单位发电量二氧化碳排放",
    "gas_ef": "气电机组单位发电量二氧化碳排放",
    "import_ef_2019": "2019年含碳外来电的排放因子",
    "import_ef_change": "外来电排放因子的年变化率",
    "electricity_demand_trend": "实际用电量相对模型用电量的年增长（延续至末个统计年份之后）",
    "territorial_discrepancy_sd": "本地排放结构性偏差的尺度（排放增速的随机游走）",
    "demand_discrepancy_sd": "用电需求结构性偏差的尺度（用电增速的随机游走）",
    "grid_index_weight": "广东火电占比波动传导至外来电排放因子的程度（2020—2024年）",
}


def wan_tonnes(mt: float) -> str:
    """Mt as 万吨, to the nearest 10 万吨 (0.1 Mt, the precision the pages use): 46.99 -> '4700万吨'."""
    if mt is None or (isinstance(mt, float) and math.isnan(mt)):
        return "–"
    return f"{round(mt, 1) * 100:.0f}万吨"


def year(y) -> str:
    """A year in Chinese, rounded to a whole year: 2029.6 -> '2030年'."""
    return f"{int(round(float(y)))}年"
