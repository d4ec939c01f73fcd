"""Generic product-type concepts in English and Chinese.

A concept is never tied to a store's slug: its English phrases are compared with the words of
each store category ("boot" finds `hiking-boots`, "tea" finds `green-tea` and `oolong-tea`).
The list covers the product types of common kinds of shops, not one store.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """A kind of product: English phrases (also used to match category names) and Chinese words."""

    name: str
    english: tuple[str, ...]
    chinese: tuple[str, ...]


def _c(name: str, english: str, chinese: str) -> Concept:
    return Concept(name, tuple(t for t in english.split("|") if t), tuple(chinese.split("|")))


CONCEPTS: tuple[Concept, ...] = (
    # outdoors and travel
    _c("tent", "tent|shelter|tarp|bivy|bivvy", "帐篷|帐蓬|天幕|露营帐"),
    _c("sleeping bag", "sleeping bag|quilt", "睡袋"),
    _c("sleeping pad", "sleeping pad|sleeping mat|pad|mat|air mattress", "睡垫|防潮垫|气垫"),
    _c("backpack", "backpack|pack|rucksack|daypack|bag", "背包|双肩包|登山包|旅行包|包"),
    _c("chair", "chair|stool|furniture|table|cot|hammock", "椅子|折叠椅|桌子|吊床|行军床"),
    _c("stove", "stove|burner|cooker", "炉子|炉具|炉头|气炉|卡式炉"),
    _c("cookware", "cookware|pot|pan|cook set|mug|kettle|spork", "锅|锅具|炊具|水壶|餐具|杯子"),
    _c("water bottle", "water bottle|bottle|flask|thermos", "水壶|水瓶|水杯|保温杯|保温瓶"),
    _c("water filter", "water filter|filter|purifier", "净水器|滤水器|过滤器"),
    _c("headlamp", "headlamp|head torch|torch|flashlight|lantern", "头灯|手电筒|手电|营地灯"),
    _c("trekking poles", "trekking pole|hiking pole|walking stick|pole", "登山杖|徒步杖|手杖"),
    _c("navigation", "compass|gps|navigation|map", "指南针|导航|地图"),
    _c("first aid", "first aid|first aid kit|medical kit", "急救包|急救箱|医药包"),
    # footwear and clothing
    _c("shoes", "shoe|footwear|sneaker|trainer", "鞋|鞋子|运动鞋"),
    _c(
        "boots",
        "boot|hiking boot|walking boot|hiking shoe",
        "靴子|靴|登山鞋|登山靴|徒步鞋|徒步靴|雪地靴",
    ),
    _c("running shoes", "trail runner|running shoe|runner|trail shoe", "跑鞋|越野跑鞋|跑步鞋"),
    _c("sandals", "sandal|slide|flip flop", "凉鞋|拖鞋"),
    _c("socks", "sock", "袜子|袜|登山袜"),
    _c(
        "jacket",
        "jacket|coat|parka|shell|anorak|puffer|vest|gilet",
        "夹克|外套|冲锋衣|羽绒服|大衣|马甲|背心",
    ),
    _c("rain jacket", "rain jacket|raincoat|rain shell|poncho", "雨衣|防水外套|雨披"),
    _c("fleece", "fleece|hoody|hoodie|sweater|jumper|pullover", "抓绒|抓绒衣|卫衣|毛衣"),
    _c(
        "base layer",
        "base layer|thermal|underwear|tee|t shirt|shirt",
        "打底衣|速干衣|内衣|保暖内衣|t恤|衬衫|上衣",
    ),
    _c(
        "trousers", "trouser|pant|shorts|legging|jean", "裤子|长裤|短裤|冲锋裤|登山裤|打底裤|牛仔裤"
    ),
    _c("hat", "hat|cap|beanie|headwear", "帽子|帽|毛线帽|遮阳帽"),
    _c("gloves", "glove|mitten|mitt", "手套"),
    _c("dress", "dress|skirt", "连衣裙|裙子"),
    # food and drink
    _c("tea", "tea", "茶|茶叶"),
    _c("green tea", "green tea|matcha|sencha", "绿茶|抹茶|碧螺春"),
    # Teas sold under their own names: 龙井 asks for Longjing, not for any green tea. The
    # English names are product names already, so only the Chinese ones are concepts.
    _c("longjing", "", "龙井"),
    _c("black tea", "black tea|breakfast tea|assam|darjeeling", "红茶"),
    _c("oolong tea", "oolong|oolong tea", "乌龙茶|乌龙"),
    _c("tieguanyin", "", "铁观音"),
    _c("da hong pao", "", "大红袍"),
    _c("white tea", "white tea", "白茶|白牡丹"),
    _c("herbal tea", "herbal tea|tisane|infusion", "花草茶|花茶|菊花茶"),
    _c("coffee", "coffee|coffee bean|bean|espresso|roast", "咖啡|咖啡豆|意式咖啡|浓缩咖啡"),
    _c("chocolate", "chocolate|cocoa", "巧克力|可可"),
    _c("snacks", "snack|biscuit|cookie", "零食|饼干"),
    _c("teaware", "teaware|teapot|tea cup|teacup|infuser|mug|cup", "茶具|茶壶|茶杯|杯子|马克杯"),
    # home and electronics
    _c("kettle", "kettle|electric kettle", "水壶|电水壶|烧水壶|热水壶"),
    _c("grinder", "grinder|mill|coffee grinder", "磨豆机|研磨机"),
    _c(
        "coffee maker",
        "coffee maker|brewer|dripper|pour over|french press|espresso machine",
        "咖啡机|手冲|滴滤|法压壶",
    ),
    _c("phone", "phone|smartphone|mobile", "手机|智能手机"),
    _c("laptop", "laptop|notebook|computer", "笔记本电脑|笔记本|电脑"),
    _c("tablet", "tablet|ipad", "平板|平板电脑"),
    _c("headphones", "headphone|earphone|earbud|headset", "耳机|蓝牙耳机|头戴式耳机"),
    _c("speaker", "speaker|soundbar", "音箱|音响|扬声器"),
    _c(
        "charger", "charger|power bank|adapter|cable", "充电器|充电宝|移动电源|数据线|充电线|适配器"
    ),
    _c("watch", "watch|smartwatch|wearable", "手表|智能手表"),
    _c("camera", "camera", "相机|摄像头"),
    _c("keyboard", "keyboard|mouse", "键盘|鼠标"),
    _c("case", "case|cover|sleeve", "保护壳|手机壳|保护套"),
    _c("lamp", "lamp|lantern light|desk lamp", "台灯|灯"),
    # beauty and gifts
    _c(
        "skincare",
        "skincare|face cream|moisturiser|moisturizer|serum|lotion",
        "护肤品|面霜|精华|乳液",
    ),
    _c("gift card", "gift card|voucher", "礼品卡|购物卡"),
    _c("toys", "toy|game|puzzle", "玩具|游戏|拼图"),
    _c("books", "book|notebook|journal", "书|书籍|笔记本"),
)
