# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: light
#       format_version: '1.5'
#       nbtools_format_version: '1'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   language_info:
#     name: python
# ---

# # Python edge cases

# %matplotlib inline
import numpy as np

# + language="bash"
# echo hi

# + magic_args="-i df" language="R"
# plot(df)
# -

text = """
# %% inside a string
"""

# %% comment looking like a marker
x = 1


# !pip install nbtools
# ls -l

# +
def f():
    return 1

# -


# +
y = 2


