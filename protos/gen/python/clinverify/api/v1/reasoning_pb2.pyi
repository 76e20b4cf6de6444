from clinverify.api.v1 import common_pb2 as _common_pb2
from clinverify.api.v1 import verifier_pb2 as _verifier_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GenerateRequest(_message.Message):
    __slots__ = ("patient_note", "question", "max_tokens", "temperature", "seed")
    PATIENT_NOTE_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    MAX_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    patient_note: str
    question: str
    max_tokens: int
    temperature: float
    seed: int
    def __init__(self, patient_note: _Optional[str] = ..., question: _Optional[str] = ..., max_tokens: _Optional[int] = ..., temperature: _Optional[float] = ..., seed: _Optional[int] = ...) -> None: ...

class GenerateResponse(_message.Message):
    __slots__ = ("text", "done")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    text: str
    done: bool
    def __init__(self, text: _Optional[str] = ..., done: _Optional[bool] = ...) -> None: ...

class GenerateAndVerifyRequest(_message.Message):
    __slots__ = ("generate", "n", "calculator", "entities", "reference")
    GENERATE_FIELD_NUMBER: _ClassVar[int]
    N_FIELD_NUMBER: _ClassVar[int]
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    generate: GenerateRequest
    n: int
    calculator: str
    entities: _struct_pb2.Struct
    reference: _verifier_pb2.Reference
    def __init__(self, generate: _Optional[_Union[GenerateRequest, _Mapping]] = ..., n: _Optional[int] = ..., calculator: _Optional[str] = ..., entities: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., reference: _Optional[_Union[_verifier_pb2.Reference, _Mapping]] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("text", "verification", "grounded")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    GROUNDED_FIELD_NUMBER: _ClassVar[int]
    text: str
    verification: _verifier_pb2.VerifyResponse
    grounded: GroundedAnswer
    def __init__(self, text: _Optional[str] = ..., verification: _Optional[_Union[_verifier_pb2.VerifyResponse, _Mapping]] = ..., grounded: _Optional[_Union[GroundedAnswer, _Mapping]] = ...) -> None: ...

class GroundedAnswer(_message.Message):
    __slots__ = ("calculator", "complete", "value", "unit", "explanation", "inputs", "missing", "claimed", "agrees", "detail")
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_FIELD_NUMBER: _ClassVar[int]
    AGREES_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    calculator: str
    complete: bool
    value: _struct_pb2.Value
    unit: str
    explanation: _containers.RepeatedScalarFieldContainer[str]
    inputs: _struct_pb2.Struct
    missing: _containers.RepeatedCompositeFieldContainer[_common_pb2.FieldViolation]
    claimed: _struct_pb2.Value
    agrees: bool
    detail: str
    def __init__(self, calculator: _Optional[str] = ..., complete: _Optional[bool] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., unit: _Optional[str] = ..., explanation: _Optional[_Iterable[str]] = ..., inputs: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., missing: _Optional[_Iterable[_Union[_common_pb2.FieldViolation, _Mapping]]] = ..., claimed: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., agrees: _Optional[bool] = ..., detail: _Optional[str] = ...) -> None: ...

class GenerateAndVerifyResponse(_message.Message):
    __slots__ = ("candidates",)
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    def __init__(self, candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ...) -> None: ...
