from clinverify.api.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListCalculatorsRequest(_message.Message):
    __slots__ = ("category", "query")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    category: str
    query: str
    def __init__(self, category: _Optional[str] = ..., query: _Optional[str] = ...) -> None: ...

class ListCalculatorsResponse(_message.Message):
    __slots__ = ("calculators",)
    CALCULATORS_FIELD_NUMBER: _ClassVar[int]
    calculators: _containers.RepeatedCompositeFieldContainer[CalculatorSummary]
    def __init__(self, calculators: _Optional[_Iterable[_Union[CalculatorSummary, _Mapping]]] = ...) -> None: ...

class CalculatorSummary(_message.Message):
    __slots__ = ("id", "medcalc_id", "name", "category")
    ID_FIELD_NUMBER: _ClassVar[int]
    MEDCALC_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    id: str
    medcalc_id: int
    name: str
    category: str
    def __init__(self, id: _Optional[str] = ..., medcalc_id: _Optional[int] = ..., name: _Optional[str] = ..., category: _Optional[str] = ...) -> None: ...

class GetCalculatorRequest(_message.Message):
    __slots__ = ("calculator",)
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    calculator: _common_pb2.CalculatorRef
    def __init__(self, calculator: _Optional[_Union[_common_pb2.CalculatorRef, _Mapping]] = ...) -> None: ...

class GetCalculatorResponse(_message.Message):
    __slots__ = ("summary", "description", "inputs", "output", "citations", "notes")
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    CITATIONS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    summary: CalculatorSummary
    description: str
    inputs: _containers.RepeatedCompositeFieldContainer[InputSpec]
    output: OutputSpec
    citations: _containers.RepeatedScalarFieldContainer[str]
    notes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, summary: _Optional[_Union[CalculatorSummary, _Mapping]] = ..., description: _Optional[str] = ..., inputs: _Optional[_Iterable[_Union[InputSpec, _Mapping]]] = ..., output: _Optional[_Union[OutputSpec, _Mapping]] = ..., citations: _Optional[_Iterable[str]] = ..., notes: _Optional[_Iterable[str]] = ...) -> None: ...

class InputSpec(_message.Message):
    __slots__ = ("name", "kind", "unit", "minimum", "maximum", "options", "required", "description", "aliases")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_FIELD_NUMBER: _ClassVar[int]
    MAXIMUM_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    unit: str
    minimum: float
    maximum: float
    options: _containers.RepeatedScalarFieldContainer[str]
    required: bool
    description: str
    aliases: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., unit: _Optional[str] = ..., minimum: _Optional[float] = ..., maximum: _Optional[float] = ..., options: _Optional[_Iterable[str]] = ..., required: _Optional[bool] = ..., description: _Optional[str] = ..., aliases: _Optional[_Iterable[str]] = ...) -> None: ...

class OutputSpec(_message.Message):
    __slots__ = ("unit", "type", "decimals")
    UNIT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DECIMALS_FIELD_NUMBER: _ClassVar[int]
    unit: str
    type: str
    decimals: int
    def __init__(self, unit: _Optional[str] = ..., type: _Optional[str] = ..., decimals: _Optional[int] = ...) -> None: ...

class ComputeRequest(_message.Message):
    __slots__ = ("calculator", "entities", "explain", "id")
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    EXPLAIN_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    calculator: _common_pb2.CalculatorRef
    entities: _struct_pb2.Struct
    explain: bool
    id: str
    def __init__(self, calculator: _Optional[_Union[_common_pb2.CalculatorRef, _Mapping]] = ..., entities: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., explain: _Optional[bool] = ..., id: _Optional[str] = ...) -> None: ...

class ComputeResponse(_message.Message):
    __slots__ = ("id", "calculator", "value", "unit", "intermediates", "explanation", "error")
    class IntermediatesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    INTERMEDIATES_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    id: str
    calculator: str
    value: _common_pb2.Value
    unit: str
    intermediates: _containers.ScalarMap[str, float]
    explanation: _containers.RepeatedScalarFieldContainer[str]
    error: _common_pb2.ItemError
    def __init__(self, id: _Optional[str] = ..., calculator: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Value, _Mapping]] = ..., unit: _Optional[str] = ..., intermediates: _Optional[_Mapping[str, float]] = ..., explanation: _Optional[_Iterable[str]] = ..., error: _Optional[_Union[_common_pb2.ItemError, _Mapping]] = ...) -> None: ...

class ComputeBatchRequest(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[ComputeRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[ComputeRequest, _Mapping]]] = ...) -> None: ...

class ComputeBatchResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[ComputeResponse]
    def __init__(self, results: _Optional[_Iterable[_Union[ComputeResponse, _Mapping]]] = ...) -> None: ...

class ComputeFromFhirRequest(_message.Message):
    __slots__ = ("calculator", "bundle_json", "as_of", "lookback_days", "absent_rule", "patient", "entities", "id")
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_JSON_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    LOOKBACK_DAYS_FIELD_NUMBER: _ClassVar[int]
    ABSENT_RULE_FIELD_NUMBER: _ClassVar[int]
    PATIENT_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    calculator: _common_pb2.CalculatorRef
    bundle_json: str
    as_of: str
    lookback_days: float
    absent_rule: bool
    patient: str
    entities: _struct_pb2.Struct
    id: str
    def __init__(self, calculator: _Optional[_Union[_common_pb2.CalculatorRef, _Mapping]] = ..., bundle_json: _Optional[str] = ..., as_of: _Optional[str] = ..., lookback_days: _Optional[float] = ..., absent_rule: _Optional[bool] = ..., patient: _Optional[str] = ..., entities: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., id: _Optional[str] = ...) -> None: ...

class ComputeFromFhirResponse(_message.Message):
    __slots__ = ("result", "status", "provenance", "missing", "not_documented", "assumed_absent", "defaults", "conflicts", "skipped", "patient", "as_of")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    NOT_DOCUMENTED_FIELD_NUMBER: _ClassVar[int]
    ASSUMED_ABSENT_FIELD_NUMBER: _ClassVar[int]
    DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    PATIENT_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    result: ComputeResponse
    status: str
    provenance: _struct_pb2.Struct
    missing: _struct_pb2.Struct
    not_documented: _struct_pb2.Struct
    assumed_absent: _containers.RepeatedScalarFieldContainer[str]
    defaults: _containers.RepeatedScalarFieldContainer[str]
    conflicts: _struct_pb2.Struct
    skipped: _struct_pb2.ListValue
    patient: str
    as_of: str
    def __init__(self, result: _Optional[_Union[ComputeResponse, _Mapping]] = ..., status: _Optional[str] = ..., provenance: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., missing: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., not_documented: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., assumed_absent: _Optional[_Iterable[str]] = ..., defaults: _Optional[_Iterable[str]] = ..., conflicts: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., skipped: _Optional[_Union[_struct_pb2.ListValue, _Mapping]] = ..., patient: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...
