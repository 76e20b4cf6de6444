from clinverify.api.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Reference(_message.Message):
    __slots__ = ("answer", "lower", "upper")
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    LOWER_FIELD_NUMBER: _ClassVar[int]
    UPPER_FIELD_NUMBER: _ClassVar[int]
    answer: str
    lower: str
    upper: str
    def __init__(self, answer: _Optional[str] = ..., lower: _Optional[str] = ..., upper: _Optional[str] = ...) -> None: ...

class VerifyRequest(_message.Message):
    __slots__ = ("id", "calculator", "question", "patient_note", "entities", "trace", "answer", "reference", "reasoning_content")
    ID_FIELD_NUMBER: _ClassVar[int]
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    PATIENT_NOTE_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASONING_CONTENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    calculator: str
    question: str
    patient_note: str
    entities: _struct_pb2.Struct
    trace: str
    answer: str
    reference: Reference
    reasoning_content: str
    def __init__(self, id: _Optional[str] = ..., calculator: _Optional[str] = ..., question: _Optional[str] = ..., patient_note: _Optional[str] = ..., entities: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., trace: _Optional[str] = ..., answer: _Optional[str] = ..., reference: _Optional[_Union[Reference, _Mapping]] = ..., reasoning_content: _Optional[str] = ...) -> None: ...

class Step(_message.Message):
    __slots__ = ("index", "start", "end", "text", "verdict", "error", "detail", "score", "severity", "convention", "corrected_by", "thinking")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    CONVENTION_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_BY_FIELD_NUMBER: _ClassVar[int]
    THINKING_FIELD_NUMBER: _ClassVar[int]
    index: int
    start: int
    end: int
    text: str
    verdict: str
    error: str
    detail: str
    score: float
    severity: str
    convention: str
    corrected_by: int
    thinking: bool
    def __init__(self, index: _Optional[int] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., text: _Optional[str] = ..., verdict: _Optional[str] = ..., error: _Optional[str] = ..., detail: _Optional[str] = ..., score: _Optional[float] = ..., severity: _Optional[str] = ..., convention: _Optional[str] = ..., corrected_by: _Optional[int] = ..., thinking: _Optional[bool] = ...) -> None: ...

class AnswerCheck(_message.Message):
    __slots__ = ("value", "expected", "source", "correct", "cause", "detail")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CORRECT_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    value: _struct_pb2.Value
    expected: _struct_pb2.Value
    source: str
    correct: bool
    cause: str
    detail: str
    def __init__(self, value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., expected: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., source: _Optional[str] = ..., correct: _Optional[bool] = ..., cause: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class Scores(_message.Message):
    __slots__ = ("answer", "factuality", "completeness", "effectiveness", "process", "reward", "risk")
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    FACTUALITY_FIELD_NUMBER: _ClassVar[int]
    COMPLETENESS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVENESS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    RISK_FIELD_NUMBER: _ClassVar[int]
    answer: float
    factuality: float
    completeness: float
    effectiveness: float
    process: float
    reward: float
    risk: float
    def __init__(self, answer: _Optional[float] = ..., factuality: _Optional[float] = ..., completeness: _Optional[float] = ..., effectiveness: _Optional[float] = ..., process: _Optional[float] = ..., reward: _Optional[float] = ..., risk: _Optional[float] = ...) -> None: ...

class VerifyResponse(_message.Message):
    __slots__ = ("id", "calculator", "answer", "steps", "first_error", "scores", "error")
    ID_FIELD_NUMBER: _ClassVar[int]
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    FIRST_ERROR_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    id: str
    calculator: str
    answer: AnswerCheck
    steps: _containers.RepeatedCompositeFieldContainer[Step]
    first_error: int
    scores: Scores
    error: _common_pb2.ItemError
    def __init__(self, id: _Optional[str] = ..., calculator: _Optional[str] = ..., answer: _Optional[_Union[AnswerCheck, _Mapping]] = ..., steps: _Optional[_Iterable[_Union[Step, _Mapping]]] = ..., first_error: _Optional[int] = ..., scores: _Optional[_Union[Scores, _Mapping]] = ..., error: _Optional[_Union[_common_pb2.ItemError, _Mapping]] = ...) -> None: ...

class VerifyBatchRequest(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[VerifyRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[VerifyRequest, _Mapping]]] = ...) -> None: ...

class VerifyBatchResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[VerifyResponse]
    def __init__(self, results: _Optional[_Iterable[_Union[VerifyResponse, _Mapping]]] = ...) -> None: ...

class VerifyStreamRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: VerifyRequest
    def __init__(self, request: _Optional[_Union[VerifyRequest, _Mapping]] = ...) -> None: ...

class VerifyStreamResponse(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: VerifyResponse
    def __init__(self, response: _Optional[_Union[VerifyResponse, _Mapping]] = ...) -> None: ...
