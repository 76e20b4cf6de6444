from clinverify.api.v1 import verifier_pb2 as _verifier_pb2
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
    __slots__ = ("generate", "n", "calculator")
    GENERATE_FIELD_NUMBER: _ClassVar[int]
    N_FIELD_NUMBER: _ClassVar[int]
    CALCULATOR_FIELD_NUMBER: _ClassVar[int]
    generate: GenerateRequest
    n: int
    calculator: str
    def __init__(self, generate: _Optional[_Union[GenerateRequest, _Mapping]] = ..., n: _Optional[int] = ..., calculator: _Optional[str] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("text", "verification")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_FIELD_NUMBER: _ClassVar[int]
    text: str
    verification: _verifier_pb2.VerifyResponse
    def __init__(self, text: _Optional[str] = ..., verification: _Optional[_Union[_verifier_pb2.VerifyResponse, _Mapping]] = ...) -> None: ...

class GenerateAndVerifyResponse(_message.Message):
    __slots__ = ("candidates",)
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    def __init__(self, candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ...) -> None: ...
