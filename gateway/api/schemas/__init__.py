"""What the CRM API reads and answers, as types: request models (``requests``), their field
types (``fields``) and the answers' shapes (``responses``). The OpenAPI document is generated
from them.
"""
