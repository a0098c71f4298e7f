"""Every row of the five answer keys in ../shared/assignments/, as student answers.

Each case: (assignment, part, answer as a student might write it, expected status,
expected points, misconception id whose feedback must be shown or None). The answers
are written independently of the rubric YAML, in varied notations, so a test over
them checks the rubric, the maths reader and the checkers together.
"""

from __future__ import annotations

SEQ, KER, RNN = "seqmodels-a5", "kernel-attention-hw2", "rnn-attention-hw2"
OPT, ATT = "optim-hw3", "attention-hw4"

GDA_ALTERNATING = """| t | 0 | 1 | 2 | 3 | 4 | 5 | 6 |
|---|---|---|---|---|---|---|---|
| q | 1 | 2 | 1 | -1 | -2 | -1 | 1 |
| p | 1 | -1 | -2 | -1 | 1 | 2 | 1 |"""
GDA_TRANSPOSED_XY = "t\tx\ty\n0\t1\t1\n1\t-1\t2\n2\t-2\t1\n3\t-1\t-1\n4\t1\t-2\n5\t2\t-1\n6\t1\t1"
GDA_SIMULTANEOUS = "p: 1, 0, −2, −4, −4, 0, 8\nq: 1, 2, 2, 0, −4, −8, −8"
GDA_P_FIRST = "p_t & 1 & 0 & -1 & -1 & 0 & 1 & 1 \\\\\nq_t & 1 & 1 & 0 & -1 & -1 & 0 & 1 \\\\"
# q_3 slipped to 0; every later cell follows from the student's own values.
GDA_ONE_SLIP = "q\t1\t2\t1\t0\t-2\t-2\t0\np\t1\t-1\t-2\t-2\t0\t2\t2"

ELBO_DERIVATION = r"""$$L(q) = \int q(z|x) \log \frac{p(x,z)}{q(z|x)} dz$$
$$= \int q(z|x) \log \frac{p(x|z) p(z)}{q(z|x)} dz$$
$$= \int q(z|x) \log p(x|z) dz - \int q(z|x) \log \frac{q(z|x)}{p(z)} dz$$
$$= \mathbb{E}_{q(z|x)}[\log p(x|z)] - \mathrm{KL}(q(z|x) \| p(z))$$"""

CASES: list[tuple[str, str, str, str, float, str | None]] = [
    # --- seqmodels-a5, Q1(a): complexities --------------------------------------
    (SEQ, "1a.rnn_train_time", "O(L n^2 t)", "correct", 2, None),
    (SEQ, "1a.rnn_train_time", r"$\mathcal{O}(t \cdot n^2 \cdot L)$", "correct", 2, None),
    (SEQ, "1a.rnn_train_time", "O(t·n·L)", "partial", 0.5, "forgot_recurrent_matmul"),
    (SEQ, "1a.rnn_train_time", r"$\propto l^2 \times n \times t$", "incorrect", 0,
     "squared_layers"),
    (SEQ, "1a.rnn_train_time", "O(t² n² L)", "incorrect", 0, None),
    (SEQ, "1a.rnn_train_space", "O(t n L)", "correct", 2, None),
    (SEQ, "1a.rnn_train_space", "O(tnL + n²L)", "correct", 2, None),
    (SEQ, "1a.rnn_train_space", "O(nL)", "partial", 0.5, "forgot_stored_sequence"),
    (SEQ, "1a.rnn_test_time", "O(t × n^2 × L)", "correct", 2, None),
    (SEQ, "1a.rnn_test_time", "O(tnL)", "partial", 0.5, "forgot_recurrent_matmul"),
    (SEQ, "1a.rnn_test_time", "O(ℓ² n t)", "incorrect", 0, "squared_layers"),
    (SEQ, "1a.rnn_test_space", "O(n L)", "correct", 2, None),
    (SEQ, "1a.rnn_test_space", "O(nL + n^2 L)", "correct", 2, None),
    (SEQ, "1a.rnn_test_space", "O(t n L)", "partial", 0.5, "stores_sequence_at_test"),
    (SEQ, "1a.tf_train_time", "O(L(t^2 n + t n^2))", "correct", 2, None),
    (SEQ, "1a.tf_train_time", "O(T^2 n L)", "correct", 2, None),
    (SEQ, "1a.tf_train_time", "O(t n^2 L)", "partial", 0.5, "no_attention_term"),
    (SEQ, "1a.tf_train_time", "O(t·n·L)", "incorrect", 0, None),
    (SEQ, "1a.tf_train_space", "O(L(t^2 + tn))", "correct", 2, None),
    (SEQ, "1a.tf_train_space", "O(t^2 L + t n L + n^2 L)", "correct", 2, None),
    (SEQ, "1a.tf_train_space", "O(tnL)", "partial", 0.5, "no_attention_maps"),
    (SEQ, "1a.tf_train_space", "O(t^2 n^2 L)", "incorrect", 0, "squared_everything"),
    (SEQ, "1a.tf_test_time", "O(L t^2 n + L t n^2)", "correct", 2, None),
    (SEQ, "1a.tf_test_time", "O(t^2 n L)", "correct", 2, None),
    (SEQ, "1a.tf_test_time", "O(n^2 t L)", "partial", 0.5, "no_attention_term"),
    (SEQ, "1a.tf_test_space", "O(t n L)", "correct", 2, None),
    (SEQ, "1a.tf_test_space", "O(L(t^2 + t n))", "correct", 2, None),
    (SEQ, "1a.tf_test_space", "O(t n^2 L)", "incorrect", 0, "squared_width"),
    # --- Q1(b)-(d) ----------------------------------------------------------------
    (SEQ, "1b.n_less_than_t",
     "When n < t the attention cost t^2 n dominates the t n^2 cost, so a Transformer layer "
     "is more expensive than an RNN layer; restricting attention to a local neighbourhood "
     "brings it back down.", "correct", 2, None),
    (SEQ, "1c.attention_across_tokens",
     "Yes, self-attention mixes the tokens: every output is a weighted sum over all of them.",
     "correct", 1, None),
    (SEQ, "1c.attention_bottleneck",
     "No. All positions are computed at once as matrix products, even in a masked decoder "
     "during training; only autoregressive generation at inference is sequential.",
     "correct", 2, None),
    (SEQ, "1c.attention_bottleneck",
     "It is not a bottleneck in the encoder, which sees all tokens at once, but it is a "
     "bottleneck in the decoder, because each step depends on the previous outputs.",
     "partial", 1, "decoder_bottleneck"),
    (SEQ, "1c.attention_bottleneck", "Yes, it is a bottleneck for parallelism.",
     "incorrect", 0, None),
    (SEQ, "1d.ffn_across_tokens",
     "No: the same feed-forward network is applied to each position independently.",
     "correct", 1, None),
    (SEQ, "1d.ffn_across_tokens", "Yes, the feed forward network looks across the tokens.",
     "incorrect", 0, None),
    (SEQ, "1d.layernorm_across_tokens",
     "No, layer norm normalises the features of each token on its own.", "correct", 1, None),
    # --- Q2 -------------------------------------------------------------------------
    (SEQ, "2a.attention_weights",
     r"$\alpha_i = \frac{\exp(k_i^T q)}{\sum_j \exp(k_j^T q)}$ and $z = \sum_i \alpha_i v_i$",
     "correct", 2, None),
    (SEQ, "2a.attention_weights", r"In matrix form $z = \mathrm{softmax}(QK^T) V$.",
     "correct", 2, None),
    (SEQ, "2a.copy_condition",
     r"$z \approx v_j$ when $k_j^T q \gg k_i^T q$ for every $i \neq j$, since then "
     r"$\alpha_j \approx 1$.", "correct", 2, None),
    (SEQ, "2b.average_query", r"$q = \beta (k_a + k_b)$ with $\beta \gg 0$", "correct", 4,
     None),
    (SEQ, "2b.average_query", "q = 100(k_a + k_b)", "correct", 4, None),
    (SEQ, "2b.average_query", r"$q = k_a + k_b$", "partial", 2, "no_large_factor"),
    (SEQ, "2b.average_query", r"$q = \beta(2 k_a + k_b)$, $\beta \gg 0$", "incorrect", 0,
     "unequal_weights"),
    # --- Q3 -------------------------------------------------------------------------
    (SEQ, "3.elbo_identity", ELBO_DERIVATION, "correct", 4, None),
    (SEQ, "3.elbo_identity", r"$L(q) = E_{q(z|x)}[\log p(x, z) - \log q(z|x)]$", "partial", 2,
     "not_asked_form"),
    (SEQ, "3.elbo_identity",
     r"$L(q) = \mathbb{E}_{q(z|x)}[\log p(x|z)] + KL(q(z|x) \| p(z))$", "incorrect", 0,
     "sign_error"),
    (SEQ, "3.elbo_identity",
     r"$L(q) = \log p(x) + \mathbb{E}_{q(z|x)}[\log p(x|z)] - KL(q(z|x) \| p(z))$",
     "incorrect", 0, "evidence_left_in"),
    (SEQ, "3.elbo_terms",
     r"The reconstruction term is $\mathbb{E}_{q(z|x)}[\log p(x|z)]$. The regularisation "
     r"term is $-KL(q(z|x) \| p(z))$.", "correct", 2, None),
    (SEQ, "3.elbo_terms",
     r"The reconstruction term is $E_{q(z|x)}[\log p(x|z)]$. The regularization term is "
     r"$-E_{q(z|x)}[\log q(z|x)]$.", "partial", 1, "entropy_as_term"),
    # --- Q4 -------------------------------------------------------------------------
    (SEQ, "4a.minmax_value", r"$\min_p \max_q pq = 0$", "correct", 1, None),
    (SEQ, "4a.minmax_value", "1", "incorrect", 0, None),
    (SEQ, "4a.gda_table", GDA_ALTERNATING, "correct", 4, None),
    (SEQ, "4a.gda_table", GDA_TRANSPOSED_XY, "correct", 4, None),
    (SEQ, "4a.gda_table", GDA_SIMULTANEOUS, "partial", 2, "simultaneous_updates"),
    (SEQ, "4a.gda_table", GDA_P_FIRST, "partial", 1, "p_first"),
    (SEQ, "4b.converges",
     "No: the iterates cycle with period 6 and never reach the equilibrium (0, 0).",
     "correct", 2, None),
    (SEQ, "4c.equilibrium",
     "GANs look for a Nash equilibrium, a saddle point of f, not a joint optimum.",
     "correct", 2, None),
    # --- kernel-attention-hw2 ---------------------------------------------------------
    (KER, "1.1.complexity", "O(L^2 D)", "correct", 2, None),
    (KER, "1.1.complexity", "O(L^2 D + L^2)", "correct", 2, None),
    (KER, "1.1.complexity",
     r"Final time complexity is then $O(L^2 D + 2L^2 + L^2 D)$, or simply, in the context "
     r"of very long sequences ($L \gg D$), $O(L^2)$.", "correct", 2, None),
    (KER, "1.1.complexity", "O(L²)", "partial", 1, "dropped_d"),
    (KER, "1.1.complexity", "O(L D^2)", "incorrect", 0, "wrong_order"),
    (KER, "1.1.why_problematic",
     "The cost grows quadratically with the sequence length L.", "correct", 1, None),
    (KER, "1.2.feature_map",
     r"$\phi(x) = [1, x_1, \dots, x_D, \frac{x_1 x_1}{\sqrt{2}}, \frac{x_1 x_2}{\sqrt{2}}, "
     r"\dots, \frac{x_D x_D}{\sqrt{2}}]$", "correct", 3, None),
    (KER, "1.2.feature_map",
     r"$\phi(q) = \left[1, q_1, \dots, q_D, \frac{1}{\sqrt{2}} q_1^2, \dots, "
     r"\frac{1}{\sqrt{2}} q_D^2 \right]$", "incorrect", 0, "squares_only"),
    (KER, "1.2.M", "M = 1 + D + D^2", "correct", 2, None),
    (KER, "1.2.M", r"$M = 1 + D + \frac{D(D+1)}{2}$", "correct", 2, None),
    (KER, "1.2.M", r"$M = 2 \times D + 1$", "incorrect", 0, "squares_only"),
    (KER, "1.2.M_general", r"$M = \frac{D^K - 1}{D - 1}$", "correct", 2, None),
    (KER, "1.2.M_general", r"$M = \sum_{k=0}^{K-1} D^k$", "correct", 2, None),
    (KER, "1.2.M_general", r"$M = \binom{D + K - 1}{K - 1}$", "correct", 2, None),
    (KER, "1.2.M_general", r"$M = (K - 1) \times D + 1$", "incorrect", 0, "squares_only"),
    (KER, "1.3.linearised_attention",
     r"Row i of $\Phi(Q)\Phi(K)^T$ approximates $\exp(q_i^T k_j)$, and the row sums give "
     r"the normaliser, so $Z \approx D^{-1}\Phi(Q)\Phi(K)^T V$.", "needs_review", 4, None),
    (KER, "1.4.complexity", "O(L D^3)", "correct", 3, None),
    (KER, "1.4.complexity", "O(L M D)", "correct", 3, None),
    (KER, "1.4.complexity", "O(L D (1 + D + D^2))", "correct", 3, None),
    (KER, "1.4.complexity", "Worst case is still $O(L^2)$.", "incorrect", 0,
     "still_quadratic"),
    (KER, "1.4.complexity", "O(L^2 D)", "incorrect", 0, "still_quadratic_d"),
    (KER, "1.4.complexity", "It is linear in L.", "partial", 1, "linear_no_expression"),
    (KER, "2.1.best_lr", "Best learning rate is 0.01.", "needs_review", 0, None),
    (KER, "2.2.best_lr", "0.001", "needs_review", 0, None),
    (KER, "2.3.pooling_explanation", "Pooling reduces the parameters.", "needs_review", 0, None),
    (KER, "3.implementation", "Implemented but has bugs.", "needs_review", 0, None),
    # --- rnn-attention-hw2 ------------------------------------------------------------
    (RNN, "1.closed_form",
     r"$Y_T = \sigma\left(1000 \left(\sum_{i=1}^{T/2} (X_{2i} - X_{2i-1}) + H_0\right)\right)$",
     "correct", 3, None),
    (RNN, "1.closed_form", r"Y_T = sigmoid(1000(Σ_{t=1}^{T} (−1)^t X_t + H_0))", "correct", 3,
     None),
    (RNN, "1.closed_form",
     r"$Y_T = sigmoid(1000 (\sum_{i=1}^{T/2} (X_{2i-1} - X_{2i}) + H_0))$", "incorrect", 0,
     "sign_flipped"),
    (RNN, "1.closed_form", r"$Y_T = sigmoid(\sum_{i=1}^{T/2} (X_{2i} - X_{2i-1}) + H_0)$",
     "partial", 2, "no_factor_1000"),
    (RNN, "1.closed_form", r"$Y_T = sigmoid(1000 \sum_{i=1}^{T/2} (X_{2i} - X_{2i-1}))$",
     "partial", 2, "drops_h0"),
    (RNN, "1.closed_form",
     r"With $H_0 = 0$: $Y_T = sigmoid(1000 \sum_{i=1}^{T/2} (X_{2i} - X_{2i-1}))$",
     "correct", 3, None),
    (RNN, "1.meaning",
     "It outputs about 1 when the inputs at even positions sum to more than those at odd "
     "positions and about 0 otherwise: it compares the two sums, a sign detector.",
     "correct", 2, None),
    (RNN, "2a.norm_x1", "√2 β", "correct", 1, None),
    (RNN, "2a.norm_x1", "||x_1|| = 1.414β", "correct", 1, None),
    (RNN, "2a.norm_x1", r"$\|x_1\| = 2\beta$", "incorrect", 0, "norms_added"),
    (RNN, "2a.norm_x2", r"$\|x_2\| = \beta$", "correct", 1, None),
    (RNN, "2a.norm_x3", r"$||x_3|| = \sqrt{\beta^2 + \beta^2} = \beta\sqrt{2}$", "correct", 1,
     None),
    (RNN, "2a.norm_x3", "2β", "incorrect", 0, "norms_added"),
    (RNN, "2b.outputs", r"$y_1 \approx d + b$, $y_2 \approx a$, $y_3 \approx c + d$",
     "correct", 3, None),
    (RNN, "2b.outputs", r"$y_1 = y_3 = (x_1 + x_3)/2$, $y_2 = x_2$", "incorrect", 0,
     "averages_x1_x3"),
    (RNN, "2b.outputs",
     r"$y_1 = \frac{e^{2\beta^2} x_1 + x_2 + x_3}{e^{2\beta^2} + 2}$, "
     r"$y_2 = \frac{x_1 + e^{\beta^2} x_2 + x_3}{e^{\beta^2} + 2}$, "
     r"$y_3 = \frac{x_1 + x_2 + e^{2\beta^2} x_3}{e^{2\beta^2} + 2}$", "partial", 1,
     "wrong_score_matrix"),
    (RNN, "2c.meaning", "Each token attends to itself, so attention copies the input to the "
     "output.", "correct", 1, None),
    (RNN, "3.standard_complexity", "O(T^2 d)", "correct", 2, None),
    (RNN, "3.standard_complexity", "O(T^2)", "partial", 1, "dropped_d"),
    (RNN, "3.linear_complexity", "O(T d^2)", "correct", 2, None),
    (RNN, "3.linear_complexity", "O(T)", "partial", 1, "dropped_d"),
    (RNN, "3.linear_complexity", "O(T^2 d)", "incorrect", 0, "still_quadratic"),
]

MOMENTUM_ROWS = "x | 1 | 0.5 | 0 | -0.25 | -0.25 | -0.125\nv | 0 | -0.5 | -0.5 | -0.25 | 0 | 0.125"
MOMENTUM_COLUMNS = ("t\tx_t\tv_t\n0\t1\t0\n1\t0.5\t-0.5\n2\t0\t-0.5\n3\t-0.25\t-0.25\n"
                    "4\t-0.25\t0\n5\t-0.125\t0.125")
MOMENTUM_GRADIENT_SUM = "x: 1, 0.5, 0, -0.25, -0.25, -0.125\nv: 0, 1, 1, 0.5, 0, -0.25"
MOMENTUM_X_ONLY = "x_t: 1, 0.5, 0, −0.25, −0.25, −0.125"
MOMENTUM_STALE = ("x: 1, 1, 0.5, -0.25, -0.875, -1.0625\n"
                  "v: 0, -0.5, -0.75, -0.625, -0.1875, 0.34375")
MOMENTUM_NO_MOMENTUM = ("x: 1, 0.5, 0.25, 0.125, 0.0625, 0.03125\n"
                        "v: 0, -0.5, -0.25, -0.125, -0.0625, -0.03125")
# x_3 slipped to -0.5; the later cells follow from the student's own values.
MOMENTUM_ONE_SLIP = ("x | 1 | 0.5 | 0 | -0.5 | -0.375 | -0.125\n"
                     "v | 0 | -0.5 | -0.5 | -0.25 | 0.125 | 0.25")

TEMPERATURE_ROWS = """| τ | i=1 | i=2 | i=3 |
|---|---|---|---|
| τ=0.5 | 0.02 | 0.12 | 0.87 |
| τ=1 | 0.09 | 0.24 | 0.67 |
| τ=2 | 0.19 | 0.31 | 0.51 |"""
TEMPERATURE_COLUMNS = "i\tτ=0.5\tτ=1\tτ=2\n1\t0.016\t0.090\t0.186\n2\t0.117\t0.245\t0.307\n" \
                      "3\t0.867\t0.665\t0.506"
TEMPERATURE_MULTIPLIED = "τ=0.5: 0.19 0.31 0.51\nτ=1: 0.09 0.24 0.67\nτ=2: 0.02 0.12 0.87"

LSE_DERIVATION = r"""$$\log \left(\sum_i e^{x_i}\right) = \log\left(e^m \sum_i e^{x_i - m}\right)$$
$$\log \left(\sum_i e^{x_i}\right) = m + \log\left(\sum_i e^{x_i - m}\right)$$
With m = max_i x_i every exponent is at most 0, so nothing overflows."""

NEW_CASES: list[tuple[str, str, str, str, float, str | None]] = [
    # --- optim-hw3, Q1: costs ---------------------------------------------------------
    (OPT, "1a.forward_time", "O(L B d^2)", "correct", 2, None),
    (OPT, "1a.forward_time", r"$\mathcal{O}(\ell \cdot N \cdot d^2)$", "correct", 2, None),
    (OPT, "1a.forward_time", "O(L B d)", "partial", 0.5, "matvec_cost_linear"),
    (OPT, "1a.forward_time", "O(L² B d²)", "incorrect", 0, "squared_layers"),
    (OPT, "1a.backward_time", "O(L B d^2)", "correct", 2, None),
    (OPT, "1a.backward_time", "O(3 L B d^2)", "correct", 2, None),
    (OPT, "1a.backward_time", "O(L^2 B d^2)", "incorrect", 0, "gradients_recomputed"),
    (OPT, "1a.backward_time", "O(L B d^3)", "incorrect", 0, "cubic_width"),
    (OPT, "1a.activation_memory", "O(L B d)", "correct", 2, None),
    (OPT, "1a.activation_memory", "O(L B d + L d^2)", "correct", 2, None),
    (OPT, "1a.activation_memory", "O(L d^2)", "partial", 0.5, "weights_only"),
    (OPT, "1a.activation_memory", "O(B d)", "partial", 0.5, "one_layer_of_activations"),
    (OPT, "1b.checkpointing", r"$O(\sqrt{L} B d)$", "correct", 2, None),
    (OPT, "1b.checkpointing", "O(L^{1/2} B d)", "correct", 2, None),
    (OPT, "1b.checkpointing", "O(B d)", "incorrect", 0, "no_dependence_on_depth"),
    (OPT, "1b.checkpointing", "O(L B d)", "incorrect", 0, "no_saving"),
    # --- optim-hw3, Q2: softmax cross-entropy -------------------------------------------
    (OPT, "2a.grad_logits", r"$\mathrm{softmax}(z) - y$", "correct", 3, None),
    (OPT, "2a.grad_logits", "p − y, where p = softmax(z)", "correct", 3, None),
    (OPT, "2a.grad_logits", r"$\frac{e^{z_i}}{\sum_j e^{z_j}} - y_i$", "correct", 3, None),
    (OPT, "2a.grad_logits", "y - softmax(z)", "partial", 1, "sign_flipped"),
    (OPT, "2a.grad_logits", "softmax(z)", "incorrect", 0, "label_missing"),
    (OPT, "2a.grad_logits", "p_i (1 - p_i) with p = softmax(z)", "incorrect", 0,
     "jacobian_diagonal"),
    (OPT, "2b.convex_in_logits",
     "Yes: the Hessian diag(p) − p pᵀ is positive semi-definite.", "correct", 1, None),
    (OPT, "2b.convex_in_logits", "No, the loss is not convex in z.", "incorrect", 0, None),
    # --- optim-hw3, Q3: gradient descent and momentum -------------------------------------
    (OPT, "3a.closed_form", r"$x_t = (1 - \eta a)^t x_0$", "correct", 2, None),
    (OPT, "3a.closed_form", "x_t = (1 - eta)^t x_0", "partial", 0.5, "forgot_curvature"),
    (OPT, "3a.closed_form", "x_t = x_0 - t eta a x_0", "incorrect", 0, "linearised"),
    (OPT, "3b.stable_range", r"$0 < \eta < 2/a$", "correct", 2, None),
    (OPT, "3b.stable_range", r"$|1 - \eta a| < 1$", "correct", 2, None),
    (OPT, "3b.stable_range", r"$\eta < 1/a$", "partial", 1, "sufficient_not_necessary"),
    (OPT, "3b.stable_range", r"$0 < \eta \le 1/a$", "partial", 1, "sufficient_not_necessary"),
    (OPT, "3b.stable_range", r"$\eta < 2a$", "incorrect", 0, None),
    (OPT, "3c.momentum_table", MOMENTUM_ROWS, "correct", 4, None),
    (OPT, "3c.momentum_table", MOMENTUM_COLUMNS, "correct", 4, None),
    (OPT, "3c.momentum_table", MOMENTUM_GRADIENT_SUM, "correct", 4, None),
    (OPT, "3c.momentum_table", MOMENTUM_X_ONLY, "partial", 2, "x_row_only"),
    (OPT, "3c.momentum_table", MOMENTUM_STALE, "partial", 1, "stale_velocity"),
    (OPT, "3c.momentum_table", MOMENTUM_NO_MOMENTUM, "incorrect", 0, "no_momentum"),
    (OPT, "3c.momentum_table", MOMENTUM_ONE_SLIP, "partial", 3.6, None),
    (OPT, "3d.momentum_converges",
     "Yes: x_{t+1} = x_t − x_{t−1}/2 has characteristic roots (1 ± i)/2 of modulus 1/√2 < 1, "
     "so the iterates spiral in.", "correct", 1, None),
    (OPT, "3d.momentum_converges", "No, they oscillate forever.", "incorrect", 0, None),
    # --- optim-hw3, Q4: KL ------------------------------------------------------------
    (OPT, "4a.kl_gaussians",
     r"$\log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2}"
     r" - \frac{1}{2}$", "correct", 4, None),
    (OPT, "4a.kl_gaussians",
     r"$\frac{1}{2}\left[\log\frac{\sigma_2^2}{\sigma_1^2} + \frac{\sigma_1^2 + "
     r"(\mu_1 - \mu_2)^2}{\sigma_2^2} - 1\right]$", "correct", 4, None),
    (OPT, "4a.kl_gaussians",
     r"$\log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2}$",
     "partial", 2, "constant_missing"),
    (OPT, "4a.kl_gaussians",
     r"$\log\frac{\sigma_1}{\sigma_2} + \frac{\sigma_2^2 + (\mu_1 - \mu_2)^2}{2\sigma_1^2}"
     r" - \frac{1}{2}$", "partial", 1, "distributions_swapped"),
    (OPT, "4a.kl_gaussians",
     r"$\log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1 + (\mu_1 - \mu_2)^2}{2\sigma_2}"
     r" - \frac{1}{2}$", "incorrect", 0, "sd_for_variance"),
    (OPT, "4b.kl_symmetric",
     "No: swapping the two Gaussians gives a different value, KL(q‖p) ≠ KL(p‖q).",
     "correct", 1, None),
    (OPT, "4b.kl_symmetric", "Yes, it is symmetric.", "incorrect", 0, None),
    # --- optim-hw3, Q5 ----------------------------------------------------------------
    (OPT, "5.residual_why",
     "The gradient flows back through the identity path, since d(x + F(x))/dx = I + dF/dx, "
     "so it does not vanish in very deep networks and near-identity layers are easy to learn.",
     "correct", 2, None),
    # --- attention-hw4, Q1 -------------------------------------------------------------
    (ATT, "1a.mha_params", "4d^2", "correct", 2, None),
    (ATT, "1a.mha_params", "4d^2 + 4d, counting the biases", "correct", 2, None),
    (ATT, "1a.mha_params", "4 h d^2", "partial", 1, "full_width_heads"),
    (ATT, "1a.mha_params", "3d^2", "partial", 1, "forgot_output_projection"),
    (ATT, "1b.mha_time", "O(n d^2 + n^2 d)", "correct", 2, None),
    (ATT, "1b.mha_time", "O(n^2 d), since n > d", "correct", 2, None),
    (ATT, "1b.mha_time", "O(n d (n + d))", "correct", 2, None),
    (ATT, "1b.mha_time", "O(h n^2 d)", "partial", 0.5, "heads_multiply_attention"),
    (ATT, "1b.mha_time", "O(n^2 d^2)", "incorrect", 0, "product_of_squares"),
    # --- attention-hw4, Q2 -------------------------------------------------------------
    (ATT, "2a.temperature_table", TEMPERATURE_ROWS, "correct", 3, None),
    (ATT, "2a.temperature_table", TEMPERATURE_COLUMNS, "correct", 3, None),
    (ATT, "2a.temperature_table", TEMPERATURE_MULTIPLIED, "partial", 1,
     "multiplied_by_temperature"),
    (ATT, "2b.limit_zero", "(0, 0, 1)", "correct", 1, None),
    (ATT, "2b.limit_zero", "It becomes one-hot on the argmax.", "correct", 1, None),
    (ATT, "2b.limit_zero", "(1/3, 1/3, 1/3)", "incorrect", 0, "other_limit"),
    (ATT, "2c.limit_infinity", r"$(\frac{1}{3}, \frac{1}{3}, \frac{1}{3})$", "correct", 1,
     None),
    (ATT, "2c.limit_infinity", "The distribution becomes uniform.", "correct", 1, None),
    (ATT, "2c.limit_infinity", "(0, 0, 1)", "incorrect", 0, "other_limit"),
    # --- attention-hw4, Q3 -------------------------------------------------------------
    (ATT, "3a.shift_matrix", "M_k = [[cos(ωk), sin(ωk)], [-sin(ωk), cos(ωk)]]", "correct", 3,
     None),
    (ATT, "3a.shift_matrix", "M_k = [[cos(ωk), -sin(ωk)], [sin(ωk), cos(ωk)]]", "partial", 1,
     "transposed"),
    (ATT, "3b.depends_on_p",
     "No: M_k depends only on the offset k, so relative positions are a linear map.",
     "correct", 1, None),
    (ATT, "3b.depends_on_p", "Yes, M_k depends on p.", "incorrect", 0, None),
    # --- attention-hw4, Q4 -------------------------------------------------------------
    (ATT, "4a.dot_variance", "Var(q^T k) = d", "correct", 2, None),
    (ATT, "4a.dot_variance", r"$\sqrt{d}$", "partial", 1, "standard_deviation"),
    (ATT, "4a.dot_variance", "d^2", "incorrect", 0, "squared_width"),
    (ATT, "4a.dot_variance", "1", "incorrect", 0, "after_scaling"),
    (ATT, "4b.scaling_reason",
     "Dividing by √d gives the logits unit variance whatever d is; otherwise the softmax "
     "saturates and its gradients vanish.", "correct", 2, None),
    # --- attention-hw4, Q5 -------------------------------------------------------------
    (ATT, "5.logsumexp", LSE_DERIVATION, "correct", 2, None),
    (ATT, "5.logsumexp",
     r"$\log\left(\sum_i e^{x_i}\right) = \log\left(\sum_i e^{x_i - m}\right) - m$",
     "incorrect", 0, "sign_of_m"),
]

CASES += NEW_CASES
