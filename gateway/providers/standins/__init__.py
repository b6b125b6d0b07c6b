"""Local stand-ins of Alibaba Cloud's and Tencent Cloud's SMS APIs, driven by their real SDKs.

Each checks what its provider checks (the request's signature, the sign name, the template code
and its values) and answers as its provider documents. The tests point the SDKs at them, and so
does ``make run SMS_PROVIDER=aliyun|tencent`` on a machine without an account (``local.py``):
a salon's engineer tries the whole China loop and sees every SDK request in the log.
"""
