//! The built-in vocabulary of the synthetic generator: invented names, places, outlets, sentence and
//! title templates. All our own words.

pub(super) const FIRST: &str = "Amara Bruno Chen Dalia Elias Farah Goran Hana Idris Jonas Keiko Lars Mei Nadia Omar Priya \
    Rafael Sofia Tomas Uma Viktor Wen Yusuf Zara Anton Beatriz Carmen Dmitri Elena Felix Greta Hugo Ingrid Jamal \
    Kofi Leila Marco Nils Olga Paulo";
pub(super) const LAST: &str = "Abara Bergstrom Castellanos Dufresne Eriksen Fontaine Gallagher Haddad Ishikawa Jovanovic \
    Kowalczyk Lindqvist Mbeki Novak Okafor Petrov Quintero Rasmussen Santoro Takahashi Uribe Vasquez Whitfield \
    Yilmaz Zeller Adeyemi Brennan Caruso Delacroix Esposito Ferreira Gunnarsson Halvorsen Ivanova Kimura Lachance \
    Moreau Nakamura Oyelaran Pereira";
pub(super) const ORGS: &str = "the Harbour Authority|Meridian Bank|the Ministry of Transport|the Central Bank|Northwind Energy|\
    the Port Workers' Union|Atlas Shipping|the National Statistics Office|Solace Pharmaceuticals|the Grain Traders' \
    Association|Cobalt Mining|the Federal Court|the Finance Ministry|Helios Airlines|the City Council|Kestrel Motors|\
    the Water Board|Orion Telecom|the Farmers' Federation|the Election Commission|Granite Insurance|the Health \
    Ministry|Vantage Rail|the Chamber of Commerce|Bluewater Fisheries|the Competition Authority|Summit Steel|the \
    Teachers' Union|the Energy Regulator|Pioneer Foods";
pub(super) const PLACES: &str = "Rotterdam Nairobi Lima Oslo Manila Dakar Porto Hamburg Valparaiso Mombasa Gdansk Antwerp Karachi \
    Durban Montevideo Tallinn Busan Marseille Halifax Cebu Accra Bergen Genoa Tangier Surabaya Recife Riga Odesa \
    Colombo Hobart Auckland Lagos Istanbul Naples Bilbao Cork Quebec Perth Kobe Tunis";
pub(super) const VERBS: &str = "approved rejected announced delayed extended criticised defended reviewed suspended welcomed \
    expanded proposed cancelled blocked confirmed questioned challenged postponed backed opposed finalised revised \
    unveiled investigated funded";
pub(super) const NOUNS: &str = "budget strike tariff contract merger pipeline harbour election reform subsidy pension loan inquiry \
    shipment vaccine bridge railway ceasefire treaty lawsuit drought harvest refinery licence deal audit protest \
    ruling forecast wage quota fleet terminal tender bond export dividend levy permit runway reactor settlement \
    shortage recall outbreak census verdict curfew";
pub(super) const ADJECTIVES: &str = "new controversial long-awaited emergency regional national disputed temporary ambitious \
    revised annual costly landmark modest sweeping";
pub(super) const ROLES: &str =
    "spokeswoman spokesman minister director analyst chairman mayor economist official negotiator";
pub(super) const SAYS: &str = "said|added|warned|told reporters|noted|insisted|confirmed";
pub(super) const DAYS: &str = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday";
pub(super) const MONTHS: &str =
    "January February March April May June July August September October November December";
pub(super) const SENTENCES: &[&str] = &[
    "{O} {V} the {A} {N} on {D}, {P} said.",
    "{P}, a {R} at {O}, {S} that the {N} would cost about {X} million dollars.",
    "Talks over the {N} in {L} broke down on {D} after {O} {V} a {A} offer.",
    "\"We will not accept this {N},\" {P} told reporters in {L}.",
    "The {N} is expected to affect some {X} workers across {L}, according to {O}.",
    "{O} said it had {V} the {N} following a review of the {N2}.",
    "Shares in {O} fell {x} percent after the {N} was {V}.",
    "In {L}, residents {V} plans for a {A} {N} near the {N2}.",
    "{p} {S} the {N} had been {V} twice since {M}.",
    "Analysts at {O} expect the {N} to be {V} before the end of the year.",
    "Police in {L} said {X} people were detained during a {N} protest on {D}.",
    "{O} and {O2} signed a {A} {N} worth {X} million euros in {L} on {D}.",
    "The {N2} dispute has held up work on the {N} for {x} weeks, {P} said.",
    "A {R} for {O} declined to comment on the {N}.",
    "Earlier, {O} had {V} the {N2}, citing concerns about the {N}.",
    "{P} {S} that the {A} {N} would be debated in {L} in {M}.",
];
pub(super) const TITLES: &[&str] = &[
    "{O} {V} {A} {N} plan in {L}",
    "{L} {N} talks stall as {O} weighs offer",
    "{P} says {N} will be {V} by {M}",
    "Thousands protest {A} {N} in {L}",
    "{O} {V} {N} after {N2} dispute in {L}",
    "{L} braces for {N} as {O} reviews {N2}",
];
pub(super) const FIGURES: &[&str] = &[
    "Officials put the figure at {F} on {D}.",
    "By {M}, the count had reached {F}, according to {O}.",
    "{O} said {F} people had signed the petition.",
    "The register lists {F} entries, {P} said.",
];
pub(super) const OUTLETS: &str = "The Harbour Gazette|Northern Ledger|The Daily Meridian|Coastline Courier|The Evening Lantern|\
    Riverside Post|The Continental Wire|Metro Chronicle|The Morning Compass|Highland Herald|The Atlas Review|Bayside \
    Observer|The Quarterly Beacon|Capital Dispatch|The Weekly Tribune|Lakeside Times|The Frontier Journal|Harbourfront \
    News|The Civic Record|Summit Standard|The Pacific Mercury|Old Town Bulletin|The Delta Sentinel|Crossroads Report|\
    The Granite Telegraph|Westward Monitor|The Lighthouse|Valley Examiner|The Open Register|Eastern Signal";
pub(super) const STOP: &str = "the and that with from this have were been will would their there which about after before other \
    into than them they more over also could when what where while said says year years percent";

/// Slot name and word list: `|` separates entries of lists that hold several-word names.
pub(super) const LISTS: &[(&str, &str)] = &[
    ("F", FIRST),
    ("Z", LAST),
    ("L", PLACES),
    ("V", VERBS),
    ("N", NOUNS),
    ("A", ADJECTIVES),
    ("R", ROLES),
    ("D", DAYS),
    ("M", MONTHS),
    ("O", ORGS),
    ("S", SAYS),
    ("OUT", OUTLETS),
];

pub(super) fn entries(list: &'static str) -> Vec<&'static str> {
    if list.contains('|') {
        list.split('|').map(str::trim).collect()
    } else {
        list.split_whitespace().collect()
    }
}
